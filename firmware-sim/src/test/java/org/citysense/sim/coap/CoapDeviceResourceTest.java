package org.citysense.sim.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.testing.TestDevices;
import org.junit.jupiter.api.Test;

class CoapDeviceResourceTest {
  private final SimDevice meter = meter("meter-1");

  @Test
  void oneResourcePerPathWithThePointsAtTheirPointers() {
    meter.set("volume", Value.of(123.456));
    meter.set("flow", Value.of(0.0125));
    meter.set("battery", Value.of(90));

    List<DeviceResource> resources = DeviceResource.of(meter);

    assertThat(resources).hasSize(1);
    assertThat(resources.get(0).path()).isEqualTo("meter");
    assertThat(resources.get(0).isObservable()).isTrue();
    assertThat(resources.get(0).payload(meter.snapshot()))
        .isEqualTo("{\"total\":123456,\"flow\":12.5,\"battery\":90}");
  }

  @Test
  void twoDevicesOnOnePathFailAtStartNamingBoth() {
    CoapDeviceServer server =
        new CoapDeviceServer("127.0.0.1", 0, List.of(meter, meter("meter-2")));

    assertThatThrownBy(server::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("meter-1")
        .hasMessageContaining("meter-2")
        .hasMessageContaining("/meter");
    server.close();
  }

  private static SimDevice meter(String id) {
    return TestDevices.device(
        id, "water-meter-coap", new Transport.Coap("127.0.0.1", 0), Clock.systemUTC());
  }
}
