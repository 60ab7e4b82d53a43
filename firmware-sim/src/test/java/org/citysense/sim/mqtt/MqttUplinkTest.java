package org.citysense.sim.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.mqtt.Uplink.Message;
import org.citysense.sim.scenario.FaultType;
import org.citysense.sim.testing.TestDevices;
import org.junit.jupiter.api.Test;

class MqttUplinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SimDevice smoke =
      TestDevices.device(
          "smoke-7", "smoke-nbiot-mqtt", new Transport.Mqtt(null), Clock.systemUTC());

  @Test
  void oneDocumentOnTheProfilesTopicWithTheValuesAtTheirPointers() throws Exception {
    smoke.set("smoke", Value.of(true));
    smoke.set("battery", Value.of(87));

    List<Message> messages = new Uplink(smoke).messages(smoke.snapshot());

    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).topic()).isEqualTo("nbiot/smoke/smoke-7/up");
    JsonNode json = JSON.readTree(messages.get(0).text());
    assertThat(json.at("/alarm").booleanValue()).isTrue();
    assertThat(json.at("/battery").longValue()).isEqualTo(87);
  }

  @Test
  void theHeartbeatIsTheProfileIntervalNotTheAlarmPollInterval() {
    assertThat(new Uplink(smoke).heartbeat()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void aSilentDeviceSendsNothing() {
    smoke.inject(FaultType.NO_RESPONSE, null, null, 0, null);

    assertThat(new Uplink(smoke).messages(smoke.snapshot())).isEmpty();
  }

  @Test
  void garbageMakesNumbersAbsurdAndKeepsBooleans() throws Exception {
    smoke.set("smoke", Value.of(true));
    smoke.inject(FaultType.GARBAGE, null, null, 0, null);

    JsonNode json = JSON.readTree(new Uplink(smoke).messages(smoke.snapshot()).get(0).text());

    assertThat(json.at("/alarm").booleanValue()).isTrue();
    assertThat(json.at("/battery").longValue()).isEqualTo(99999);
    assertThat(json.at("/density").longValue()).isEqualTo(99999);
    assertThat(json.at("/rssi").longValue()).isEqualTo(99999);
  }

  @Test
  void aDeviceOfAnotherProtocolIsRefusedByName() {
    SimDevice meter =
        TestDevices.device(
            "meter-1",
            "water-meter-coap",
            new Transport.Coap("127.0.0.1", 5683),
            Clock.systemUTC());

    assertThatThrownBy(() -> new Uplink(meter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("meter-1");
  }
}
