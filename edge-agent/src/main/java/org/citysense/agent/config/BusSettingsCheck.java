package org.citysense.agent.config;

import java.util.HashMap;
import java.util.Map;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.YamlMap;

/**
 * Devices that share a bus agree on its settings, each checked against the first device on its bus
 * as the list is read: devices on one RS-485 line on its serial settings (a line runs at one
 * speed), devices on one Modbus TCP endpoint on its {@code inFlight} (one connection carries them
 * all, and a serial server behind it must not get a second request while it answers the first).
 */
final class BusSettingsCheck {
  private final Map<String, First> firstOnBus = new HashMap<>();

  /** The first device seen on a bus, and the line it starts on. */
  private record First(DeviceInstance device, int line) {}

  void check(DeviceInstance device, YamlMap map) {
    if (device.transport() instanceof Transport.ModbusRtu rtu) {
      First first =
          firstOnBus.putIfAbsent("modbus-rtu " + rtu.port(), new First(device, map.line()));
      if (first != null
          && !((Transport.ModbusRtu) first.device().transport()).serial().equals(rtu.serial())) {
        map.error(
            "modbus-rtu",
            rtu.serial()
                + " differs from "
                + ((Transport.ModbusRtu) first.device().transport()).serial()
                + " of "
                + first.device().id()
                + " on the same port "
                + rtu.port()
                + "; devices on one RS-485 line share its settings");
      }
    } else if (device.transport() instanceof Transport.ModbusTcp tcp) {
      First first =
          firstOnBus.putIfAbsent("modbus-tcp " + tcp.endpoint(), new First(device, map.line()));
      if (first != null && inFlight(first.device()) != tcp.inFlight()) {
        map.error(
            "modbus-tcp",
            device.id()
                + " gives inFlight "
                + tcp.inFlight()
                + ", but "
                + first.device().id()
                + " (line "
                + first.line()
                + ") gives "
                + inFlight(first.device())
                + " for the same endpoint "
                + tcp.endpoint()
                + "; inFlight belongs to the endpoint, so every device on it gives the same ("
                + Transport.ModbusTcp.DEFAULT_IN_FLIGHT
                + " when not given)");
      }
    }
  }

  private static int inFlight(DeviceInstance device) {
    return ((Transport.ModbusTcp) device.transport()).inFlight();
  }
}
