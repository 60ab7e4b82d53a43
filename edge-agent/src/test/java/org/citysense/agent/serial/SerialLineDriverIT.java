package org.citysense.agent.serial;

import static org.assertj.core.api.Assertions.assertThat;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.testing.Devices;
import org.citysense.agent.testing.RecordingListener;
import org.citysense.agent.testing.RecordingListener.Received;
import org.citysense.agent.testing.Threads;
import org.citysense.profiles.clock.ScaledClock;
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.serial.FrameSender;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.SocatPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serial-line driver on one end of a socat pty pair; on the other end the simulator's SDS011
 * sends frames, or the test writes frames and garbage itself.
 */
class SerialLineDriverIT {
  private static final SerialSettings LINE = new SerialSettings(9600, 8, Parity.NONE, 1);
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final String ID = "pm-1";

  @TempDir Path dir;
  private final Devices devices = new Devices();
  private final DeviceProfile sds011 = devices.profile("pm25-sds011");
  private final RecordingListener listener = new RecordingListener();
  private SocatPair pty;
  private FrameSender sender;
  private SerialPort sensorEnd;
  private SerialLineDriver driver;

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (driver != null) {
      driver.close();
    }
    if (sender != null) {
      sender.close();
    }
    if (sensorEnd != null) {
      sensorEnd.closePort();
    }
    if (pty != null) {
      pty.close();
    }
    Poll.until(
        "the reader thread to end",
        LIMIT,
        () -> Threads.named("serial-line").isEmpty(),
        () -> "still alive: " + Threads.named("serial-line"));
  }

  @Test
  void framesFromTheSimulatedSensorDecodeExactly() throws Exception {
    pty = SocatPair.start();
    startDriver(pty.b());
    Instant now = Instant.now();
    SimDevice sensor =
        devices.sim(
            ID,
            "pm25-sds011",
            new Transport.SerialLine(pty.a().toString(), LINE),
            new ScaledClock(now, now, 10, Clock.systemUTC()));
    sensor.set("pm2_5", Value.of(35.2));
    sensor.set("pm10", Value.of(80.7));
    sender = new FrameSender(sensor, new ScaledClock(now, now, 10, Clock.systemUTC()));

    sender.start();

    Poll.until("three frames", LIMIT, () -> driver.frames() >= 3, listener::transcript);
    for (Received frame : listener.received(ID)) {
      assertThat(frame.raw()).isInstanceOf(RawValue.Frame.class);
      assertThat(frame.decode("pm2_5").value()).isEqualTo(Value.of(35.2));
      assertThat(frame.decode("pm10").value()).isEqualTo(Value.of(80.7));
    }
    assertThat(driver.describe()).contains(pty.b().toString(), "9600 8N1", ID, "open");
  }

  @Test
  void garbageAndABadFrameBetweenFramesAreSkippedCountedAndReportedOnce() throws Exception {
    pty = SocatPair.start();
    startDriver(pty.b());
    sensorEnd = openSensorEnd(pty.a());
    byte[] good = frame(35.2, 80.7);
    byte[] badChecksum = frame(12.3, 45.6);
    badChecksum[8]++;
    byte[] garbage = {0x01, 0x02, 0x03, 0x7F, (byte) 0xC0, (byte) 0xAB, 0x00};

    write(good);
    write(garbage);
    write(good);
    write(badChecksum);
    write(garbage);
    write(good);

    Poll.until(
        "three good frames and all bytes scanned",
        LIMIT,
        () -> driver.frames() == 3 && driver.discardedBytes() == 24,
        () -> driver.describe() + "\n" + listener.transcript());
    assertThat(driver.badFrames()).isEqualTo(1);
    for (Received frame : listener.received(ID)) {
      assertThat(frame.decode("pm2_5").value()).isEqualTo(Value.of(35.2));
      assertThat(frame.decode("pm10").value()).isEqualTo(Value.of(80.7));
    }
    // the report reaches the listener just after the counters move: wait for it, then check it
    // stays one
    Poll.until(
        "the bad bytes reported",
        LIMIT,
        () -> !listener.failures(ID).isEmpty(),
        () -> driver.describe() + "\n" + listener.transcript());
    assertThat(listener.failures(ID))
        .as("one report a minute at most")
        .singleElement()
        .satisfies(f -> assertThat(f.kind()).isIn(Failure.Kind.MALFORMED, Failure.Kind.CHECKSUM));
  }

  @Test
  void aMissingPortIsReportedAndOpenedOnceItAppears() throws Exception {
    Path line = dir.resolve("line");
    startDriver(line.resolve("b"));

    Poll.until(
        "a disconnected failure",
        LIMIT,
        () -> listener.hasFailure(ID, Failure.Kind.DISCONNECTED),
        listener::transcript);
    assertThat(driver.describe()).contains("not open, retrying");

    pty = SocatPair.start(line);
    sensorEnd = openSensorEnd(pty.a());
    Poll.until("the driver to open the port", LIMIT, () -> driver.describe().contains(", open,"));
    write(frame(35.2, 80.7));

    Poll.until("a frame", LIMIT, () -> driver.frames() >= 1, listener::transcript);
    assertThat(listener.received(ID).get(0).decode("pm2_5").value()).isEqualTo(Value.of(35.2));
  }

  @Test
  void aPortThatGoesAwayIsReportedDisconnected() throws Exception {
    pty = SocatPair.start();
    startDriver(pty.b());
    Poll.until("the driver to open the port", LIMIT, () -> driver.describe().contains(", open,"));

    pty.close();

    Poll.until(
        "a disconnected failure",
        LIMIT,
        () -> listener.hasFailure(ID, Failure.Kind.DISCONNECTED),
        () -> driver.describe() + "\n" + listener.transcript());
  }

  @Test
  void closeStopsTheReaderThread() throws Exception {
    pty = SocatPair.start();
    startDriver(pty.b());
    assertThat(Threads.named("serial-line")).isNotEmpty();

    driver.close();

    Poll.until("the reader thread to end", LIMIT, () -> Threads.named("serial-line").isEmpty());
    assertThat(driver.describe()).contains("closed");
  }

  private void startDriver(Path port) {
    BoundDevice device =
        new BoundDevice(
            devices.instance(ID, "pm25-sds011", new Transport.SerialLine(port.toString(), LINE)),
            sds011);
    driver = new SerialLineDriver(device, DriverSettings.DEFAULT);
    driver.start(listener);
  }

  /** A valid SDS011 frame with these values, built by the profiles' encoder. */
  private byte[] frame(double pm25, double pm10) {
    return Encoder.frame(sds011, Map.of("pm2_5", Value.of(pm25), "pm10", Value.of(pm10)));
  }

  private static SerialPort openSensorEnd(Path path) {
    SerialPort port = SerialPort.getCommPort(path.toString());
    port.setComPortParameters(9600, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
    port.setComPortTimeouts(SerialPort.TIMEOUT_WRITE_BLOCKING, 0, 2000);
    assertThat(port.openPort()).as("open %s", path).isTrue();
    return port;
  }

  private void write(byte[] bytes) {
    assertThat(sensorEnd.writeBytes(bytes, bytes.length)).isEqualTo(bytes.length);
  }
}
