package org.citysense.sim.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.citysense.profiles.device.Transport;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.testing.TestDevices;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointNodeTest {
  private static final Transport.OpcUa ENDPOINT = new Transport.OpcUa("opc.tcp://127.0.0.1:4840");

  @TempDir Path profiles;

  @Test
  void eachDeviceGetsTheProfilesNodesWithItsId() {
    List<PointNode> nodes =
        PointNode.of(List.of(pump("ps-1"), pump("ps-2")), "opc.tcp://127.0.0.1:4840");

    assertThat(nodes).hasSize(8);
    assertThat(nodes.get(0).nodeId()).isEqualTo(NodeId.parse("ns=2;s=ps-1/Level"));
    assertThat(nodes.get(0).browseName()).isEqualTo("Level");
    assertThat(nodes.get(4).nodeId()).isEqualTo(NodeId.parse("ns=2;s=ps-2/Level"));
  }

  @Test
  void twoDevicesOnOneNodeAreRefusedNamingBoth() {
    assertThatThrownBy(() -> PointNode.of(List.of(pump("ps-1"), pump("ps-1")), "here"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("devices ps-1 and ps-1 both serve node ns=2;s=ps-1/Level on here");
  }

  @Test
  void aNumericNodeIsServedWithThePointAsBrowseName() throws Exception {
    SimDevice device = custom("ns=2;i=1001");

    PointNode node = PointNode.of(List.of(device), "here").get(0);

    assertThat(node.nodeId()).isEqualTo(new NodeId(2, 1001));
    assertThat(node.browseName()).isEqualTo("level");
  }

  @Test
  void aNodeOutsideNamespaceTwoIsRefused() throws Exception {
    SimDevice device = custom("ns=3;s=Pump/Level");

    assertThatThrownBy(() -> PointNode.of(List.of(device), "here"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node ns=3;s=Pump/Level is in namespace 3")
        .hasMessageContaining("serves its nodes in namespace 2");
  }

  @Test
  void aDeviceOfAnotherProtocolIsRefused() {
    SimDevice meter =
        TestDevices.device("wm-1", "water-meter-coap", new Transport.Coap("127.0.0.1", 0));

    assertThatThrownBy(() -> PointNode.of(List.of(meter), "here"))
        .hasMessageContaining("device wm-1 has point")
        .hasMessageContaining("that is not on OPC UA");
  }

  private static SimDevice pump(String id) {
    return TestDevices.device(id, "pump-station-opcua", ENDPOINT);
  }

  /** A one-point OPC UA device whose level is at {@code node}. */
  private SimDevice custom(String node) throws Exception {
    return CustomDevice.of(
        profiles, "{name: level, quantity: water_level, unit: m, node: \"" + node + "\"}");
  }
}
