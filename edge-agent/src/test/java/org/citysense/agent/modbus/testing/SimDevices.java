package org.citysense.agent.modbus.testing;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.ScenarioCatalog;

/** Simulated devices for the drivers' tests: bundled profiles, the baseline scenario from now. */
public final class SimDevices {
  private final DeviceFactory factory;
  private final ScenarioCatalog scenarios = ScenarioCatalog.bundled();

  public SimDevices() {
    Clock clock = Clock.systemUTC();
    this.factory =
        new DeviceFactory(
            ProfileCatalog.bundled(), clock, 42, ZoneId.of("Asia/Shanghai"), clock.instant());
  }

  public SimDevice create(String id, String profile, Transport transport) {
    DeviceInstance instance =
        new DeviceInstance(id, profile, transport, null, null, null, null, Map.of(), Map.of());
    return factory.create(instance, scenarios.compose("baseline", "test"));
  }
}
