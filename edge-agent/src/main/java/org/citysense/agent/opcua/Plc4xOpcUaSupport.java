package org.citysense.agent.opcua;

import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.NodeValue;
import org.citysense.agent.driver.OpcUaSupport;
import org.citysense.agent.driver.PollingDriver;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.DataType;

/**
 * The OPC UA stack of one agent: PLC4X's driver, looked up once, and the agent's drivers over it.
 * Made by name in the class loader that sees lib/opcua/ (ProtocolDrivers), hence public with a
 * public no-argument constructor; the rest of this package is for it alone.
 */
public final class Plc4xOpcUaSupport implements OpcUaSupport {
  private final Plc4xOpcUa plc4x = new Plc4xOpcUa();

  @Override
  public PollingDriver driver(Transport.OpcUa server, DriverSettings settings) {
    return new OpcUaDriver(plc4x, server, settings);
  }

  @Override
  public NodeValue readNode(Transport.OpcUa server, String node, DriverSettings settings) {
    try (OpcUaDriver driver = new OpcUaDriver(plc4x, server, settings)) {
      return driver.readNode(node);
    }
  }

  @Override
  public String typeName(DataType type) {
    return OpcUaTags.plc4xType(type);
  }
}
