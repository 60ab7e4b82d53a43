package org.citysense.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UplinkSettingsTest {
  private static final URI CLOUD = URI.create("https://cloud.example");

  @Test
  void takesTheDefaults() {
    UplinkSettings s = UplinkSettings.http(CLOUD, "secret");

    assertThat(s.transport()).isEqualTo(UplinkSettings.Transport.HTTP);
    assertThat(s.batchSize()).isEqualTo(500);
    assertThat(s.linger()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.minBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.caFile()).isNull();
  }

  @Test
  void neverShowsTheSecrets() {
    assertThat(UplinkSettings.http(CLOUD, "tok-s3cret").toString())
        .contains("cloud.example")
        .doesNotContain("tok-s3cret");
    assertThat(UplinkSettings.mqtt("tcp://127.0.0.1:1883", "gw-1", "pw-s3cret").toString())
        .contains("gw-1")
        .doesNotContain("pw-s3cret");
  }

  @Test
  void opensTheUplinkOfItsTransport() {
    try (Uplink http = UplinkSettings.http(CLOUD, "secret").open("gw-1");
        Uplink mqtt = UplinkSettings.mqtt("tcp://127.0.0.1:1883", null, null).open("gw-1")) {
      assertThat(http).isInstanceOf(HttpUplink.class);
      assertThat(http.describe()).isEqualTo("https://cloud.example/api/v1/ingest");
      assertThat(mqtt).isInstanceOf(MqttUplink.class);
      assertThat(mqtt.describe()).contains("citysense/gateways/gw-1/batches");
    }
  }

  @Test
  void refusesWhatCannotWorkNamingTheField() {
    assertThatThrownBy(() -> UplinkSettings.http(null, "secret"))
        .hasMessageStartingWith("uplink.cloud:");
    assertThatThrownBy(() -> UplinkSettings.http(CLOUD, " "))
        .hasMessageStartingWith("uplink.token:");
    assertThatThrownBy(() -> UplinkSettings.mqtt(null, null, null))
        .hasMessageStartingWith("uplink.mqttBroker:");
    assertThatThrownBy(() -> UplinkSettings.http(CLOUD, "s").withBatching(-1, null))
        .hasMessageStartingWith("uplink.batchSize:");
    assertThatThrownBy(
            () ->
                UplinkSettings.http(CLOUD, "s")
                    .withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .hasMessageStartingWith("uplink.minBackoff");
  }
}
