package org.citysense.agent.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.testing.Devices;
import org.citysense.profiles.device.Transport;
import org.junit.jupiter.api.Test;

class MqttDriverTest {
  private final Devices devices = new Devices();

  @Test
  void aUriPahoCannotUseIsRefusedAtOnce() {
    assertThatThrownBy(
            () -> new MqttDriver("http://127.0.0.1:1883", List.of(), DriverSettings.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://127.0.0.1:1883");
  }

  @Test
  void aDriverThatNeverStartedDescribesItselfAndCloses() {
    MqttDriver driver =
        new MqttDriver(
            "tcp://127.0.0.1:1883",
            List.of(devices.bound("sos-1", "alarm-button-mqtt", new Transport.Mqtt(null))),
            DriverSettings.DEFAULT);

    assertThat(driver.describe()).isEqualTo("mqtt tcp://127.0.0.1:1883 (not started)");
    assertThat(driver.isConnected()).isFalse();
    driver.close();
    assertThat(driver.describe()).isEqualTo("mqtt tcp://127.0.0.1:1883 (closed)");
  }
}
