package org.citysense.profiles.model;

import java.util.Arrays;
import java.util.Optional;

/** How a kind of device is read. Whether a Modbus device sits on RTU or TCP is its instance's. */
public enum ProtocolFamily {
  MODBUS("modbus"),
  MQTT("mqtt"),
  COAP("coap"),
  SERIAL_FRAME("serial-frame"),
  OPCUA("opcua");

  private final String id;

  ProtocolFamily(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<ProtocolFamily> byId(String id) {
    return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
