package org.citysense.agent.testing;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.ScenarioCatalog;

/**
 * Device instances for tests: as the agent binds them to a profile, and as the simulator plays them
 * (baseline scenario, starting now).
 */
public final class Devices {
  private final ProfileCatalog profiles = ProfileCatalog.bundled();
  private final ScenarioCatalog scenarios = ScenarioCatalog.bundled();

  public DeviceInstance instance(String id, String profile, Transport transport) {
    return new DeviceInstance(id, profile, transport, null, null, null, null, Map.of(), Map.of());
  }

  public DeviceProfile profile(String id) {
    return profiles.find(id).orElseThrow(() -> new AssertionError("no bundled profile " + id));
  }

  /** The device as a driver receives it, with its bundled profile. */
  public BoundDevice bound(String id, String profile, Transport transport) {
    return new BoundDevice(instance(id, profile, transport), profile(profile));
  }

  /** The device as the simulator plays it, on {@code clock}. */
  public SimDevice sim(String id, String profile, Transport transport, Clock clock) {
    DeviceFactory factory =
        new DeviceFactory(profiles, clock, 42, ZoneId.of("Asia/Shanghai"), clock.instant());
    return factory.create(instance(id, profile, transport), scenarios.compose("baseline", "test"));
  }
}
