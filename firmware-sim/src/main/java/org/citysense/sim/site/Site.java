package org.citysense.sim.site;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.sim.scenario.Scenario;

/**
 * A whole community to simulate: devices (the device-instance schema of device-profiles), the
 * scenario each plays, and the site's own scenarios.
 *
 * @param scenarios by device id, composed from names like {@code baseline,fault-slow}
 */
public record Site(
    long seed,
    ZoneId zone,
    List<DeviceInstance> devices,
    Map<String, Scenario> scenarios,
    String defaultBroker) {
  public Site {
    devices = List.copyOf(devices);
    scenarios = Map.copyOf(scenarios);
  }
}
