package org.citysense.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import org.citysense.profiles.device.Transport;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.opcua.OpcUaDeviceServer;
import org.citysense.sim.testing.TestDevices;
import org.junit.jupiter.api.Test;

class TransportPlanTest {
  private final TransportPlan plan = new TransportPlan(null, Clock.systemUTC());

  @Test
  void opcUaDevicesShareOneServerPerEndpoint() {
    List<SimTransport> transports =
        plan.build(
            List.of(
                pump("ps-1", "opc.tcp://127.0.0.1:4840/pumps"),
                pump("ps-2", "opc.tcp://127.0.0.1:4840/pumps"),
                pump("ps-3", "opc.tcp://127.0.0.1:4841/pumps")));

    assertThat(transports).hasSize(2).allMatch(t -> t instanceof OpcUaDeviceServer);
    assertThat(transports)
        .extracting(SimTransport::describe)
        .containsExactly(
            "opcua opc.tcp://127.0.0.1:4840/pumps devices ps-1, ps-2 (8 nodes)",
            "opcua opc.tcp://127.0.0.1:4841/pumps devices ps-3 (4 nodes)");
  }

  @Test
  void twoPathsOnOnePortAreRefusedNamingBothDevices() {
    List<SimDevice> devices =
        List.of(
            pump("ps-1", "opc.tcp://127.0.0.1:4840/north"),
            pump("ps-2", "opc.tcp://127.0.0.1:4840/south"));

    assertThatThrownBy(() -> plan.build(devices))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "devices ps-1 (opc.tcp://127.0.0.1:4840/north) and ps-2"
                + " (opc.tcp://127.0.0.1:4840/south) share a port under different paths");
  }

  private static SimDevice pump(String id, String endpoint) {
    return TestDevices.device(id, "pump-station-opcua", new Transport.OpcUa(endpoint));
  }
}
