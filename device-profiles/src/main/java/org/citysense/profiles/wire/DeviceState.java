package org.citysense.profiles.wire;

/** Whether a gateway can reach a device. */
public enum DeviceState {
  ONLINE,
  OFFLINE;

  public String id() {
    return name().toLowerCase();
  }
}
