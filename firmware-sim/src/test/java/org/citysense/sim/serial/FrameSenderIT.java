package org.citysense.sim.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fazecast.jSerialComm.SerialPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.citysense.io.serial.SerialPorts;
import org.citysense.profiles.clock.ScaledClock;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.decode.FrameScanner;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.FaultType;
import org.citysense.sim.testing.TestDevices;
import org.citysense.testsupport.SocatPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The frame sender on one end of a socat pty pair; the test reads the other end as the agent would:
 * jSerialComm, the profile's frame scanner, the one decoder.
 */
class FrameSenderIT {
  private static final SerialSettings LINE = new SerialSettings(9600, 8, Parity.NONE, 1);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private SocatPair pty;
  private SerialPort reader;
  private SimDevice sds011;
  private FrameSender sender;

  @BeforeEach
  void openLine() throws Exception {
    pty = SocatPair.start();
    reader = SerialPorts.open(pty.b().toString(), LINE, 100);
    sds011 =
        TestDevices.device(
            "pm-1", "pm25-sds011", new Transport.SerialLine(pty.a().toString(), LINE));
  }

  @AfterEach
  void closeLine() {
    if (sender != null) {
      sender.close();
    }
    if (reader != null) {
      reader.closePort();
    }
    if (pty != null) {
      pty.close();
    }
  }

  @Test
  void framesCarryExactlyTheValuesSetOnTheDevice() throws Exception {
    sds011.set("pm2_5", Value.of(35.2));
    sds011.set("pm10", Value.of(80.7));
    startSender();

    List<byte[]> frames = readFrames(3);

    for (byte[] frame : frames) {
      assertThat(decode("pm2_5", frame).value()).isEqualTo(Value.of(35.2));
      assertThat(decode("pm10", frame).value()).isEqualTo(Value.of(80.7));
    }
  }

  @Test
  void garbageFramesPassTheChecksumAndDecodeOutOfRange() throws Exception {
    sds011.inject(FaultType.GARBAGE, null, null, 0, Duration.ZERO);
    startSender();

    byte[] frame = readFrames(1).get(0);

    Reading pm25 = decode("pm2_5", frame);
    assertThat(pm25.value()).isEqualTo(Value.of(6553.5));
    assertThat(pm25.quality()).isEqualTo(Quality.OUT_OF_RANGE);
  }

  @Test
  void startFailsNamingThePort() {
    SimDevice nowhere =
        TestDevices.device(
            "pm-9", "pm25-sds011", new Transport.SerialLine("/nonexistent/ttyS9", LINE));
    FrameSender missing = new FrameSender(nowhere, Clock.systemUTC());

    assertThatThrownBy(missing::start).hasMessageContaining("/nonexistent/ttyS9");
    missing.close();
  }

  /** Ten times as fast as real time: a frame every 100 ms instead of every second. */
  private void startSender() throws Exception {
    Instant now = Instant.now();
    sender = new FrameSender(sds011, new ScaledClock(now, now, 10, Clock.systemUTC()));
    assertThat(sender.period()).isEqualTo(Duration.ofMillis(100));
    sender.start();
  }

  /** Reads until {@code count} valid frames arrived; fails after a generous wait. */
  private List<byte[]> readFrames(int count) {
    FrameScanner scanner = new FrameScanner(sds011.profile().frame());
    List<byte[]> frames = new ArrayList<>();
    byte[] chunk = new byte[64];
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (frames.size() < count) {
      assertThat(System.nanoTime() - deadline)
          .as("%d frames within %s, got %d", count, WAIT, frames.size())
          .isNegative();
      int read = reader.readBytes(chunk, chunk.length);
      assertThat(read).as("read from %s", pty.b()).isNotNegative();
      frames.addAll(scanner.feed(Arrays.copyOf(chunk, read)));
    }
    assertThat(scanner.badFrames()).isZero();
    return frames;
  }

  private Reading decode(String point, byte[] frame) {
    return Decoder.decode(
            sds011.id(),
            sds011.profile().point(point).orElseThrow(),
            new RawValue.Frame(frame),
            Instant.EPOCH)
        .reading();
  }
}
