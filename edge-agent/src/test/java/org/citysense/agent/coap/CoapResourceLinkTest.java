package org.citysense.agent.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.testing.Devices;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.ContentFormat;
import org.citysense.profiles.model.Point;
import org.junit.jupiter.api.Test;

class CoapResourceLinkTest {
  private final Devices devices = new Devices();

  @Test
  void theWaterMeterHasOneObservableJsonResourceWithAllItsPoints() {
    List<CoapResourceLink> links =
        CoapResourceLink.of(
            devices.bound("meter-1", "water-meter-coap", new Transport.Coap("192.0.2.7", 5683)));

    assertThat(links).hasSize(1);
    CoapResourceLink meter = links.get(0);
    assertThat(meter.uri()).isEqualTo("coap://192.0.2.7:5683/meter");
    assertThat(meter.observe()).isTrue();
    assertThat(meter.format()).isEqualTo(ContentFormat.APPLICATION_JSON);
    assertThat(meter.points()).extracting(Point::name).containsExactly("volume", "flow", "battery");
    assertThat(meter.interval()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void anInstancesIntervalOverridesTheProfiles() {
    DeviceInstance instance =
        new DeviceInstance(
            "meter-1",
            "water-meter-coap",
            new Transport.Coap("::1", 5683),
            null,
            null,
            null,
            null,
            Map.of(),
            Map.of("flow", Duration.ofMinutes(1)));
    BoundDevice device = new BoundDevice(instance, devices.profile("water-meter-coap"));

    CoapResourceLink meter = CoapResourceLink.of(device).get(0);

    assertThat(meter.interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(meter.uri()).isEqualTo("coap://[::1]:5683/meter");
  }

  @Test
  void aDeviceNotOnCoapIsRefused() {
    assertThatThrownBy(
            () ->
                CoapResourceLink.of(
                    devices.bound("smoke-1", "smoke-nbiot-mqtt", new Transport.Mqtt(null))))
        .hasMessageContaining("smoke-1");
  }
}
