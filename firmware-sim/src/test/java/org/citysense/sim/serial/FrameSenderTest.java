package org.citysense.sim.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.citysense.profiles.clock.ScaledClock;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.testing.TestDevices;
import org.junit.jupiter.api.Test;

class FrameSenderTest {
  private static final Transport LINE =
      new Transport.SerialLine("/dev/null", new SerialSettings(9600, 8, Parity.NONE, 1));
  private final SimDevice sds011 = TestDevices.device("pm-1", "pm25-sds011", LINE);

  @Test
  void sendsAtTheProfilesIntervalInRealTime() {
    assertThat(FrameSender.period(sds011, Clock.systemUTC())).isEqualTo(Duration.ofSeconds(1));
    assertThat(FrameSender.period(sds011, faster(4))).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void neverSendsFasterThanTenFramesASecond() {
    assertThat(FrameSender.period(sds011, faster(100))).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void followsTheInstancesIntervalOverride() {
    SimDevice slow =
        TestDevices.device(
            new DeviceInstance(
                "pm-2",
                "pm25-sds011",
                LINE,
                null,
                null,
                null,
                null,
                Map.of(),
                Map.of("pm2_5", Duration.ofSeconds(5), "pm10", Duration.ofSeconds(5))),
            "baseline",
            Duration.ZERO);

    assertThat(FrameSender.period(slow, Clock.systemUTC())).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void acceptsOnlySerialLineDevices() {
    SimDevice modbus =
        TestDevices.device(
            "pm-3",
            "pm25-rs485",
            new Transport.ModbusRtu("/dev/null", 1, SerialSettings.MODBUS_DEFAULT));

    assertThatThrownBy(() -> new FrameSender(modbus, Clock.systemUTC()))
        .hasMessageContaining("pm-3");
  }

  private static Clock faster(double speed) {
    Instant now = Instant.now();
    return new ScaledClock(now, now, speed, Clock.systemUTC());
  }
}
