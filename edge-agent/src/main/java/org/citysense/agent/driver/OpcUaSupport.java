package org.citysense.agent.driver;

import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.DataType;

/**
 * The agent's OPC UA stack (its opcua package over PLC4X) as the rest of the agent reaches it. The
 * stack lives in a class loader of its own that sees lib/opcua/, made with the first OPC UA device,
 * so only this interface and the agent's public types pass between the two.
 */
public interface OpcUaSupport {

  /** The driver for the devices of one OPC UA server. */
  PollingDriver driver(Transport.OpcUa server, DriverSettings settings);

  /** Reads one node once on a session of its own, for {@code edge-agent probe}. */
  NodeValue readNode(Transport.OpcUa server, String node, DriverSettings settings);

  /** The name PLC4X gives a variable of {@code type} (LREAL for float64), as a read reports it. */
  String typeName(DataType type);
}
