package org.citysense.agent.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.citysense.agent.testing.Devices;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Point;
import org.junit.jupiter.api.Test;

class TopicRoutesTest {
  private final Devices devices = new Devices();
  private final Transport.Mqtt gatewayBroker = new Transport.Mqtt(null);

  @Test
  void eachDevicesTopicCarriesAllPointsOfItsProfile() {
    TopicRoutes routes =
        TopicRoutes.of(
            List.of(
                devices.bound("smoke-1", "smoke-nbiot-mqtt", gatewayBroker),
                devices.bound("sos-1", "alarm-button-mqtt", gatewayBroker)));

    assertThat(routes.topics()).containsExactly("nbiot/smoke/smoke-1/up", "sos/sos-1/event");
    TopicRoutes.Route smoke = routes.route("nbiot/smoke/smoke-1/up").orElseThrow();
    assertThat(smoke.deviceId()).isEqualTo("smoke-1");
    assertThat(smoke.points())
        .extracting(Point::name)
        .containsExactly("smoke", "smoke_density", "battery", "signal");
    assertThat(routes.route("nbiot/smoke/smoke-2/up")).isEmpty();
  }

  @Test
  void aDeviceListedTwiceIsRefused() {
    assertThatThrownBy(
            () ->
                TopicRoutes.of(
                    List.of(
                        devices.bound("smoke-1", "smoke-nbiot-mqtt", gatewayBroker),
                        devices.bound("smoke-1", "smoke-nbiot-mqtt", gatewayBroker))))
        .hasMessage("device smoke-1 is listed twice");
  }

  @Test
  void aDeviceWhosePointsAreNotOnMqttIsRefused() {
    assertThatThrownBy(
            () ->
                TopicRoutes.of(
                    List.of(devices.bound("meter-1", "water-meter-coap", gatewayBroker))))
        .hasMessageContaining("meter-1")
        .hasMessageContaining("not on MQTT");
  }
}
