package org.citysense.profiles.device;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citysense.profiles.model.ProtocolFamily;

/** How one device instance is reached. */
public sealed interface Transport {

  /** The profile family this transport can carry. */
  ProtocolFamily family();

  /**
   * A unit behind a Modbus TCP endpoint (host:port): a native device or PLC, or a serial server
   * with an RS-485 line behind it.
   *
   * @param inFlight requests the agent may have on the wire to this endpoint at once; a setting of
   *     the endpoint, so every unit behind it gives the same. 1 (the default) for a serial server,
   *     which serializes onto its line and would answer out of turn or drop the rest.
   */
  record ModbusTcp(String host, int port, int unitId, int inFlight) implements Transport {
    public static final int DEFAULT_IN_FLIGHT = 1;
    public static final int MAX_IN_FLIGHT = 16;

    public ModbusTcp {
      if (inFlight < 1 || inFlight > MAX_IN_FLIGHT) {
        throw new IllegalArgumentException(
            "inFlight " + inFlight + " is out of range 1.." + MAX_IN_FLIGHT);
      }
    }

    /** One request in flight at a time. */
    public ModbusTcp(String host, int port, int unitId) {
      this(host, port, unitId, DEFAULT_IN_FLIGHT);
    }

    /** {@code host:port}, IPv6 hosts in brackets: what the units behind it share. */
    public String endpoint() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public ProtocolFamily family() {
      return ProtocolFamily.MODBUS;
    }
  }

  record ModbusRtu(String port, int unitId, SerialSettings serial) implements Transport {
    @Override
    public ProtocolFamily family() {
      return ProtocolFamily.MODBUS;
    }
  }

  /** A serial-line sensor that sends frames on its own. */
  record SerialLine(String port, SerialSettings serial) implements Transport {
    @Override
    public ProtocolFamily family() {
      return ProtocolFamily.SERIAL_FRAME;
    }
  }

  /**
   * A device publishing to an MQTT broker.
   *
   * @param broker the broker URI, or null for the gateway's own broker
   */
  record Mqtt(String broker) implements Transport {
    @Override
    public ProtocolFamily family() {
      return ProtocolFamily.MQTT;
    }
  }

  record Coap(String host, int port) implements Transport {
    public static final int DEFAULT_PORT = 5683;

    @Override
    public ProtocolFamily family() {
      return ProtocolFamily.COAP;
    }
  }

  /**
   * A device served by an OPC UA server (a PLC, a SCADA gateway), over opc.tcp without security.
   *
   * @param endpoint the server's endpoint URL, e.g. {@code opc.tcp://10.0.0.7:4840/pumps}
   */
  record OpcUa(String endpoint) implements Transport {
    public static final int DEFAULT_PORT = 4840;

    /** {@code opc.tcp://host[:port][/path]}. */
    public static final Pattern URL =
        Pattern.compile("opc\\.tcp://([^:/\\s]+)(?::(\\d{1,5}))?(/\\S*)?");

    public OpcUa {
      if (!URL.matcher(endpoint).matches()) {
        throw new IllegalArgumentException(
            "\"" + endpoint + "\" is not an endpoint URL like opc.tcp://10.0.0.7:4840/pumps");
      }
    }

    public String host() {
      return part(1);
    }

    public int port() {
      String port = part(2);
      return port == null ? DEFAULT_PORT : Integer.parseInt(port);
    }

    /** The path after host and port, "" when there is none. */
    public String path() {
      String path = part(3);
      return path == null ? "" : path;
    }

    private String part(int group) {
      Matcher m = URL.matcher(endpoint);
      m.matches();
      return m.group(group);
    }

    @Override
    public ProtocolFamily family() {
      return ProtocolFamily.OPCUA;
    }
  }
}
