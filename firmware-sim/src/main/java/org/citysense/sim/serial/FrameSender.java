package org.citysense.sim.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citysense.io.serial.SerialPorts;
import org.citysense.profiles.clock.ClockSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Point;
import org.citysense.sim.SimTransport;
import org.citysense.sim.device.SimDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serial-line sensor (SDS011-style) that sends a frame of its current values on its port at its
 * interval, with nobody asking. Stuck values come from the device itself; no-response and garbage
 * faults shape the frames here.
 */
public final class FrameSender implements SimTransport {
  private static final Logger LOG = LoggerFactory.getLogger(FrameSender.class);

  /** However fast the clock runs, a UART sensor does not send more than ten frames a second. */
  static final Duration MIN_PERIOD = Duration.ofMillis(100);

  private static final int READ_TIMEOUT_MS = 100;
  private static final long STOP_TIMEOUT_MS = 2000;

  private final SimDevice device;
  private final Transport.SerialLine line;
  private final FrameBuilder frames;
  private final Duration period;
  private ScheduledExecutorService sender;
  private SerialPort port;
  private boolean failing;

  /**
   * @param device a device whose transport is a serial line and whose profile has a frame layout
   * @param clock the simulation's clock, which turns the device's interval into real time
   */
  public FrameSender(SimDevice device, Clock clock) {
    if (!(device.instance().transport() instanceof Transport.SerialLine serialLine)) {
      throw new IllegalArgumentException(
          "device " + device.id() + " is not reached over a serial line");
    }
    this.device = device;
    this.line = serialLine;
    this.frames = new FrameBuilder(device.profile());
    this.period = period(device, clock);
  }

  /** Real time between frames: the device's shortest point interval on the clock, floored. */
  static Duration period(SimDevice device, Clock clock) {
    Duration interval =
        device.profile().points().stream()
            .map(p -> device.instance().intervals().getOrDefault(p.name(), pointInterval(p)))
            .min(Duration::compareTo)
            .orElse(Duration.ofSeconds(1));
    Duration real = ClockSettings.realDelay(clock, interval);
    return real.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : real;
  }

  private static Duration pointInterval(Point point) {
    return point.interval() != null ? point.interval() : Duration.ofSeconds(1);
  }

  public Duration period() {
    return period;
  }

  @Override
  public void start() throws IOException {
    port = SerialPorts.open(line.port(), line.serial(), READ_TIMEOUT_MS);
    sender =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "serial-frames " + line.port());
              t.setDaemon(true);
              return t;
            });
    sender.scheduleAtFixedRate(this::sendOne, 0, period.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void sendOne() {
    try {
      var frame = frames.next(device.snapshot());
      if (frame.isPresent()) {
        SerialPorts.write(port, frame.get());
      }
      if (failing) {
        failing = false;
        LOG.info("sending frames again [device: {}, port: {}]", device.id(), line.port());
      }
    } catch (IOException | RuntimeException e) {
      // keep trying, as a real sensor keeps sending; say so once, not every period
      if (!failing) {
        failing = true;
        LOG.warn(
            "cannot send frame [device: {}, port: {}]: {}", device.id(), line.port(), e.toString());
      }
    }
  }

  @Override
  public String describe() {
    return "serial-frame "
        + line.port()
        + " "
        + line.serial()
        + " device "
        + device.id()
        + " every "
        + period.toMillis()
        + " ms";
  }

  @Override
  public void close() {
    if (sender != null) {
      sender.shutdownNow();
      try {
        sender.awaitTermination(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (port != null) {
      port.closePort();
    }
  }
}
