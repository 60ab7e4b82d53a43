package org.citysense.sim;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.device.Transport;
import org.citysense.sim.coap.CoapDeviceServer;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.sim.mqtt.MqttPublisher;
import org.citysense.sim.opcua.OpcUaDeviceServer;
import org.citysense.sim.rtu.RtuSlave;
import org.citysense.sim.serial.FrameSender;

/**
 * Decides which transports serve which devices, from each device instance's transport: one Modbus
 * TCP server per host and port (unit ids behind it), one RTU slave per serial port (unit ids on the
 * bus), one frame sender per serial-line sensor, one MQTT connection per broker, one CoAP server
 * per port, one OPC UA server per endpoint (host, port and path).
 */
public final class TransportPlan {
  private final String defaultBroker;
  private final Clock clock;

  /**
   * @param defaultBroker the broker for devices whose instance names none
   * @param clock the simulation's clock, for senders that keep their own pace
   */
  public TransportPlan(String defaultBroker, Clock clock) {
    this.defaultBroker = defaultBroker;
    this.clock = clock;
  }

  public List<SimTransport> build(List<SimDevice> devices) {
    Map<String, ModbusSlave> tcp = new LinkedHashMap<>();
    List<SimDevice> rtu = new ArrayList<>();
    Map<String, List<SimDevice>> mqtt = new LinkedHashMap<>();
    Map<String, List<SimDevice>> coap = new LinkedHashMap<>();
    Map<String, List<SimDevice>> opcua = new LinkedHashMap<>();
    List<SimTransport> transports = new ArrayList<>();
    for (SimDevice d : devices) {
      Transport t = d.instance().transport();
      if (t instanceof Transport.ModbusTcp m) {
        String key = m.host() + ":" + m.port();
        ModbusSlave slave = tcp.get(key);
        if (slave == null) {
          slave = new ModbusSlave(true);
          tcp.put(key, slave);
          transports.add(new ModbusTcpServer(m.host(), m.port(), slave));
        }
        slave.add(m.unitId(), d);
      } else if (t instanceof Transport.ModbusRtu) {
        rtu.add(d);
      } else if (t instanceof Transport.SerialLine) {
        transports.add(new FrameSender(d, clock));
      } else if (t instanceof Transport.Mqtt m) {
        String broker = m.broker() != null ? m.broker() : defaultBroker;
        if (broker == null) {
          throw new IllegalArgumentException(
              "device "
                  + d.id()
                  + " publishes over MQTT but no broker is given: set mqtt:"
                  + " {broker: tcp://host:1883} on the device, mqttBroker in the site file, or --mqtt");
        }
        mqtt.computeIfAbsent(broker, b -> new ArrayList<>()).add(d);
      } else if (t instanceof Transport.Coap c) {
        coap.computeIfAbsent(c.host() + ":" + c.port(), k -> new ArrayList<>()).add(d);
      } else if (t instanceof Transport.OpcUa o) {
        opcua.computeIfAbsent(o.host() + ":" + o.port() + o.path(), k -> new ArrayList<>()).add(d);
      }
    }
    transports.addAll(RtuSlave.forDevices(rtu));
    mqtt.forEach((broker, list) -> transports.add(new MqttPublisher(broker, list, clock)));
    coap.forEach(
        (key, list) -> {
          Transport.Coap c = (Transport.Coap) list.get(0).instance().transport();
          transports.add(new CoapDeviceServer(c.host(), c.port(), list));
        });
    opcua.values().forEach(list -> transports.add(opcUaServer(list, opcua.values())));
    return transports;
  }

  /** The server for the devices on one endpoint; each server binds its own port, one path. */
  private static OpcUaDeviceServer opcUaServer(
      List<SimDevice> devices, Iterable<List<SimDevice>> all) {
    Transport.OpcUa mine = (Transport.OpcUa) devices.get(0).instance().transport();
    for (List<SimDevice> other : all) {
      Transport.OpcUa theirs = (Transport.OpcUa) other.get(0).instance().transport();
      if (mine.port() != 0
          && theirs.port() == mine.port()
          && theirs.host().equals(mine.host())
          && !theirs.path().equals(mine.path())) {
        throw new IllegalArgumentException(
            "devices "
                + devices.get(0).id()
                + " ("
                + mine.endpoint()
                + ") and "
                + other.get(0).id()
                + " ("
                + theirs.endpoint()
                + ") share a port under different paths; the simulator serves one path per port:"
                + " give them the same path or different ports");
      }
    }
    return new OpcUaDeviceServer(mine.host(), mine.port(), mine.path(), devices);
  }

  public String defaultBroker() {
    return defaultBroker;
  }
}
