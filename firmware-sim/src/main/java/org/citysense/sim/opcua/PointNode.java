package org.citysense.sim.opcua;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.sim.device.SimDevice;
import org.eclipse.milo.opcua.stack.core.UaRuntimeException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * One variable the server holds: a point of a device, at the node id its profile names for that
 * device.
 */
record PointNode(SimDevice device, Point point, NodeId nodeId) {
  /** The namespace the simulator's nodes live in: the first after the standard and server ones. */
  static final int NAMESPACE_INDEX = 2;

  Source.OpcUa source() {
    return (Source.OpcUa) point.source();
  }

  /** The last segment of a string id ({@code Level} of {@code pump-1/Level}), else the point. */
  String browseName() {
    if (nodeId.getIdentifier() instanceof String s && !s.isBlank()) {
      return s.substring(s.lastIndexOf('/') + 1);
    }
    return point.name();
  }

  /**
   * The nodes of {@code devices}, checked: every point on OPC UA, every node id in namespace 2 and
   * held by one point only.
   *
   * @param where the endpoint, for messages
   */
  static List<PointNode> of(List<SimDevice> devices, String where) {
    List<PointNode> nodes = new ArrayList<>();
    Map<NodeId, PointNode> byId = new HashMap<>();
    for (SimDevice device : devices) {
      for (Point point : device.profile().points()) {
        if (!(point.source() instanceof Source.OpcUa source)) {
          throw new IllegalArgumentException(
              "device " + device.id() + " has point " + point.name() + " that is not on OPC UA");
        }
        PointNode node = new PointNode(device, point, parse(device, point, source));
        PointNode other = byId.putIfAbsent(node.nodeId(), node);
        if (other != null) {
          throw new IllegalArgumentException(
              "devices "
                  + other.device().id()
                  + " and "
                  + device.id()
                  + " both serve node "
                  + node.nodeId().toParseableString()
                  + " on "
                  + where
                  + "; put {deviceId} in the profile's node ids or give them different endpoints");
        }
        nodes.add(node);
      }
    }
    return List.copyOf(nodes);
  }

  private static NodeId parse(SimDevice device, Point point, Source.OpcUa source) {
    String id = source.nodeFor(device.id());
    NodeId nodeId;
    try {
      nodeId = NodeId.parse(id);
    } catch (UaRuntimeException e) {
      throw new IllegalArgumentException(
          "device " + device.id() + ", point " + point.name() + ": \"" + id + "\" is no node id");
    }
    if (nodeId.getNamespaceIndex().intValue() != NAMESPACE_INDEX) {
      throw new IllegalArgumentException(
          "device "
              + device.id()
              + ", point "
              + point.name()
              + ": node "
              + id
              + " is in namespace "
              + nodeId.getNamespaceIndex()
              + "; the simulator serves its nodes in namespace "
              + NAMESPACE_INDEX
              + " (ns="
              + NAMESPACE_INDEX
              + ";...)");
    }
    return nodeId;
  }
}
