package org.citysense.agent.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.citysense.agent.driver.Backoff;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.ProblemLog;
import org.citysense.agent.driver.PushDriver;
import org.citysense.agent.driver.PushListener;
import org.citysense.io.serial.SerialPorts;
import org.citysense.profiles.decode.FrameScanner;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.FrameSpec;
import org.citysense.profiles.model.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a serial-line sensor that sends fixed frames by itself (SDS011-style): a daemon thread
 * reads the port, the profile's frame scanner finds the valid frames, and each goes to the listener
 * whole, with every point of the profile. Bad frames and garbage are skipped, counted and reported
 * at most once a minute. A port that is missing or goes away is reported {@code DISCONNECTED} and
 * opened again with backoff (1 s doubling to 30 s).
 */
public final class SerialLineDriver implements PushDriver {
  private static final Logger LOG = LoggerFactory.getLogger(SerialLineDriver.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration REPORT_PERIOD = Duration.ofMinutes(1);
  private static final Duration MAX_READ_WAIT = Duration.ofMillis(200);
  private static final long STOP_TIMEOUT_MS = 2_000;
  private static final String DISCONNECTED = "disconnected";

  private final String deviceId;
  private final Transport.SerialLine line;
  private final FrameSpec frame;
  private final List<Point> points;
  private final int readWaitMs;
  private final ProblemLog problems = new ProblemLog(LOG);
  private final Backoff backoff = new Backoff(FIRST_BACKOFF, MAX_BACKOFF);
  private volatile boolean closed;
  private volatile boolean open;
  private volatile long frames;
  private volatile long badFrames;
  private volatile long discardedBytes;
  private volatile SerialPort port;
  private Thread reader;
  private PushListener listener;

  /**
   * @param device a device reached over a serial line, with a frame layout in its profile
   * @param settings {@code timeout} is how long one read waits for bytes (at most 200 ms, so that
   *     {@link #close()} is prompt)
   */
  public SerialLineDriver(BoundDevice device, DriverSettings settings) {
    if (!(device.instance().transport() instanceof Transport.SerialLine serialLine)) {
      throw new IllegalArgumentException(
          "device " + device.id() + " is not reached over a serial line");
    }
    if (device.profile().frame() == null) {
      throw new IllegalArgumentException(
          "profile " + device.profile().id() + " of device " + device.id() + " has no frame");
    }
    this.deviceId = device.id();
    this.line = serialLine;
    this.frame = device.profile().frame();
    this.points = device.profile().points();
    Duration wait =
        settings.timeout().compareTo(MAX_READ_WAIT) < 0 ? settings.timeout() : MAX_READ_WAIT;
    this.readWaitMs = (int) Math.max(1, wait.toMillis());
  }

  /**
   * Starts the reader thread, which opens the port; returns at once, even if the port is missing.
   */
  @Override
  public synchronized void start(PushListener listener) {
    if (reader != null || closed) {
      throw new IllegalStateException("serial driver for " + line.port() + " already started");
    }
    this.listener = listener;
    reader = new Thread(this::run, "serial-line " + line.port());
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public String describe() {
    String state = closed ? "closed" : open ? "open" : "not open, retrying";
    return "serial-frame "
        + line.port()
        + " "
        + line.serial()
        + " ("
        + deviceId
        + ", "
        + state
        + ", "
        + frames
        + " frames, "
        + badFrames
        + " bad, "
        + discardedBytes
        + " bytes skipped)";
  }

  /** Valid frames received since start. */
  public long frames() {
    return frames;
  }

  /** Frames with a header but a bad tail or checksum, since start. */
  public long badFrames() {
    return badFrames;
  }

  /** Bytes skipped while looking for frames, since start. */
  public long discardedBytes() {
    return discardedBytes;
  }

  /** Stops the reader thread and closes the port. */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      running = reader;
    }
    if (running != null) {
      running.interrupt();
      try {
        running.join(STOP_TIMEOUT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    SerialPort left = port;
    if (left != null) {
      // the reader did not get to close it in time
      left.closePort();
    }
  }

  /** The reader thread: open, read until the port goes away, open again, until closed. */
  private void run() {
    FrameScanner scanner = new FrameScanner(frame);
    LineHealth health = new LineHealth(frame.length(), REPORT_PERIOD, System::nanoTime);
    while (!closed) {
      SerialPort opened;
      try {
        opened = SerialPorts.open(line.port(), line.serial(), readWaitMs);
      } catch (IOException e) {
        disconnected(e.getMessage());
        if (!pause(backoff.next())) {
          return;
        }
        continue;
      }
      port = opened;
      open = true;
      backoff.reset();
      problems.cleared(DISCONNECTED, "port open [device: {}, port: {}]", deviceId, line.port());
      health.opened();
      try {
        readUntilGone(opened, scanner, health);
      } finally {
        open = false;
        port = null;
        opened.closePort();
      }
    }
  }

  private void readUntilGone(SerialPort opened, FrameScanner scanner, LineHealth health) {
    byte[] buffer = new byte[256];
    while (!closed) {
      int read = opened.readBytes(buffer, buffer.length);
      if (read < 0) {
        if (!closed) {
          disconnected("cannot read port " + line.port() + ": error " + opened.getLastErrorCode());
          pause(backoff.next());
        }
        return;
      }
      List<byte[]> found = read == 0 ? List.of() : scanner.feed(Arrays.copyOf(buffer, read));
      frames += found.size();
      badFrames = scanner.badFrames();
      discardedBytes = scanner.discardedBytes();
      for (byte[] bytes : found) {
        deliver(bytes);
      }
      Failure failure =
          health.update(
              scanner.badFrames(), scanner.discardedBytes(), found.size(), scanner.lastProblem());
      if (failure != null) {
        LOG.warn(
            "bad data on serial line [device: {}, port: {}]: {}", deviceId, line.port(), failure);
        report(failure);
      }
    }
  }

  private void deliver(byte[] bytes) {
    try {
      listener.received(deviceId, points, new RawValue.Frame(bytes));
    } catch (RuntimeException e) {
      LOG.warn("listener failed [device: {}, port: {}]", deviceId, line.port(), e);
    }
  }

  private void disconnected(String message) {
    problems.problem(
        DISCONNECTED,
        "serial port not available, retrying [device: {}, port: {}]: {}",
        deviceId,
        line.port(),
        message);
    report(Failure.of(Failure.Kind.DISCONNECTED, message));
  }

  private void report(Failure failure) {
    try {
      listener.failed(deviceId, failure);
    } catch (RuntimeException e) {
      LOG.warn("listener failed [device: {}, port: {}]", deviceId, line.port(), e);
    }
  }

  /** Sleeps; false when the driver is closing. */
  private boolean pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
      return !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
