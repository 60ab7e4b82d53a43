package org.citysense.profiles.model;

/** Where a point's raw value comes from on the device; one kind per protocol family. */
public sealed interface Source
    permits Source.Modbus, Source.Mqtt, Source.Coap, Source.FrameField, Source.OpcUa {

  /**
   * A Modbus table entry.
   *
   * @param address 0-based protocol address (what goes on the wire), not the datasheet number
   */
  record Modbus(ModbusTable table, int address, DataType type, WordOrder wordOrder)
      implements Source {
    /** Registers (or bits, for coil and discrete-input tables) the point occupies. */
    public int count() {
      return table.isBitTable() ? 1 : type.registers();
    }
  }

  /**
   * A field of a JSON message on an MQTT topic.
   *
   * @param topic template with {@code {deviceId}}, filled by {@link #topicFor(String)}
   * @param pointer JSON pointer into the payload, e.g. {@code /alarm}
   */
  record Mqtt(String topic, String pointer) implements Source {
    public static final String DEVICE_ID = "{deviceId}";

    public String topicFor(String deviceId) {
      return topic.replace(DEVICE_ID, deviceId);
    }
  }

  /**
   * A CoAP resource.
   *
   * @param pointer JSON pointer for {@code application/json}; empty for {@code text/plain}
   */
  record Coap(String resource, boolean observe, ContentFormat format, String pointer)
      implements Source {}

  /** A field of a fixed-length serial frame, at a byte offset from the frame's first byte. */
  record FrameField(int offset, DataType type, WordOrder wordOrder) implements Source {}

  /**
   * A variable node of an OPC UA server.
   *
   * @param node the node id in OPC UA's string form, e.g. {@code ns=2;s=Pump/level}; may hold
   *     {@code {deviceId}}, filled by {@link #nodeFor(String)}, so that one server can hold many
   *     devices of a profile
   * @param type the variable's data type, which a write must match
   */
  record OpcUa(String node, DataType type) implements Source {
    public static final String DEVICE_ID = "{deviceId}";

    public String nodeFor(String deviceId) {
      return node.replace(DEVICE_ID, deviceId);
    }
  }
}
