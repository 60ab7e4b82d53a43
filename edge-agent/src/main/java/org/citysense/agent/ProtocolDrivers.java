package org.citysense.agent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.agent.coap.CoapDriver;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.DriverFactory;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.OpcUaSupport;
import org.citysense.agent.driver.PollingDriver;
import org.citysense.agent.driver.PushDriver;
import org.citysense.agent.libs.OptionalLibs;
import org.citysense.agent.modbusrtu.ModbusRtuDriver;
import org.citysense.agent.modbustcp.ModbusTcpDriver;
import org.citysense.agent.modbustcp.TcpLoops;
import org.citysense.agent.mqtt.MqttDriver;
import org.citysense.agent.serial.SerialLineDriver;
import org.citysense.profiles.device.Transport;

/**
 * The real drivers, one package per protocol: the only place that knows them all. Owns what the
 * drivers share, each made with the first driver that needs it: the Modbus TCP endpoints' event
 * loops, and the OPC UA stack, from lib/opcua/ (so PLC4X's jars are not even opened without an OPC
 * UA device).
 */
public final class ProtocolDrivers implements DriverFactory, AutoCloseable {
  /** PLC4X and its libraries, some 17 MB of jars, with the agent's package that uses them. */
  private static final OptionalLibs OPC_UA_LIBS =
      new OptionalLibs(
          "OPC UA",
          "opcua",
          "org.citysense.agent.opcua",
          "org.citysense.agent.opcua.Plc4xOpcUaSupport",
          "org/apache/plc4x/java/api/PlcDriver.class");

  private TcpLoops tcpLoops;
  private OpcUaSupport opcUa;

  @Override
  public PollingDriver polling(Transport transport, DriverSettings settings) {
    if (transport instanceof Transport.ModbusTcp m) {
      // 1 unless the instance says the endpoint takes more: a serial server takes one at a time
      return new ModbusTcpDriver(tcpLoops(), m.host(), m.port(), m.inFlight(), settings);
    }
    if (transport instanceof Transport.ModbusRtu r) {
      return new ModbusRtuDriver(r.port(), r.serial(), settings);
    }
    if (transport instanceof Transport.OpcUa o) {
      return opcUa().driver(o, settings);
    }
    throw new IllegalArgumentException(transport.family() + " devices are not polled");
  }

  @Override
  public List<PushDriver> push(
      List<BoundDevice> devices, String gatewayBroker, Clock clock, DriverSettings settings) {
    Map<String, List<BoundDevice>> byBroker = new LinkedHashMap<>();
    List<BoundDevice> coap = new ArrayList<>();
    List<PushDriver> drivers = new ArrayList<>();
    for (BoundDevice d : devices) {
      Transport t = d.instance().transport();
      if (t instanceof Transport.Mqtt m) {
        String broker = m.broker() != null ? m.broker() : gatewayBroker;
        if (broker == null) {
          throw new IllegalArgumentException(
              "device "
                  + d.id()
                  + " publishes over MQTT, but the config names no broker: add"
                  + " mqtt: {broker: tcp://127.0.0.1:1883} or mqtt: {embedded: {port: 1883}}");
        }
        byBroker.computeIfAbsent(broker, b -> new ArrayList<>()).add(d);
      } else if (t instanceof Transport.Coap) {
        coap.add(d);
      } else if (t instanceof Transport.SerialLine) {
        drivers.add(new SerialLineDriver(d, settings));
      }
    }
    byBroker.forEach((broker, list) -> drivers.add(new MqttDriver(broker, list, settings)));
    if (!coap.isEmpty()) {
      drivers.add(new CoapDriver(coap, clock, settings));
    }
    return drivers;
  }

  private synchronized TcpLoops tcpLoops() {
    if (tcpLoops == null) {
      tcpLoops = new TcpLoops();
    }
    return tcpLoops;
  }

  /**
   * The OPC UA stack, loaded with the first call. Its class loader is never closed: PLC4X keeps a
   * thread of its own for the life of the JVM, which may still need a class.
   *
   * @throws IllegalStateException when lib/opcua/ is missing; the message says where and what to do
   */
  public synchronized OpcUaSupport opcUa() {
    if (opcUa == null) {
      opcUa = OPC_UA_LIBS.load(OpcUaSupport.class);
    }
    return opcUa;
  }

  /** Stops the shared event loops; close the drivers first. */
  @Override
  public synchronized void close() {
    if (tcpLoops != null) {
      tcpLoops.close();
      tcpLoops = null;
    }
  }
}
