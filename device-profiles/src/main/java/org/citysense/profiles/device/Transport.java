package org.citysense.profiles.device;

import org.citysense.profiles.model.ProtocolFamily;

/** How one device instance is reached. */
public sealed interface Transport {

  /** The profile family this transport can carry. */
  ProtocolFamily family();

  record ModbusTcp(String host, int port, int unitId) implements Transport {
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
}
