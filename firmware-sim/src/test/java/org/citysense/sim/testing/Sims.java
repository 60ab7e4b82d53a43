package org.citysense.sim.testing;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.ScenarioCatalog;

/** Builds simulated devices for tests: real profiles, real scenarios, the system clock. */
public final class Sims {
  private static final ProfileCatalog PROFILES = ProfileCatalog.bundled();
  private static final ScenarioCatalog SCENARIOS = ScenarioCatalog.bundled();

  private Sims() {}

  public static SimDevice device(String id, String profile, Transport transport, String scenario) {
    Clock clock = Clock.systemUTC();
    DeviceFactory factory =
        new DeviceFactory(PROFILES, clock, 42, ZoneId.of("Asia/Shanghai"), clock.instant());
    DeviceInstance instance =
        new DeviceInstance(id, profile, transport, null, null, null, null, Map.of(), Map.of());
    return factory.create(instance, SCENARIOS.compose(scenario, "test"));
  }
}
