package org.citysense.sim.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.Scenario;
import org.citysense.sim.scenario.ScenarioCatalog;

/**
 * Builds simulated devices for tests from the real profiles and the bundled scenarios, on the
 * system clock.
 */
public final class TestDevices {
  private static final ProfileCatalog PROFILES = ProfileCatalog.bundled();
  private static final ScenarioCatalog SCENARIOS = ScenarioCatalog.bundled();

  private TestDevices() {}

  /**
   * A device following {@code scenarios} (e.g. "baseline,fault-crc") on the system clock.
   *
   * @param running how long the scenario has been running: the bundled faults begin at 1 minute
   */
  public static SimDevice device(DeviceInstance instance, String scenarios, Duration running) {
    Clock clock = Clock.systemUTC();
    DeviceFactory factory =
        new DeviceFactory(
            PROFILES, clock, 42, ZoneId.of("Asia/Shanghai"), clock.instant().minus(running));
    return factory.create(instance, scenario(scenarios));
  }

  public static SimDevice device(
      String id, String profile, Transport transport, String scenarios, Duration running) {
    DeviceInstance instance =
        new DeviceInstance(id, profile, transport, null, null, null, null, Map.of(), Map.of());
    return device(instance, scenarios, running);
  }

  /** A baseline device on {@code clock}, its scenario starting now. */
  public static SimDevice device(String id, String profile, Transport transport, Clock clock) {
    DeviceFactory factory =
        new DeviceFactory(PROFILES, clock, 42, ZoneId.of("Asia/Shanghai"), clock.instant());
    DeviceInstance instance =
        new DeviceInstance(id, profile, transport, null, null, null, null, Map.of(), Map.of());
    return factory.create(instance, scenario("baseline"));
  }

  public static SimDevice device(String id, String profile, Transport transport) {
    return device(id, profile, transport, "baseline", Duration.ZERO);
  }

  private static Scenario scenario(String names) {
    return SCENARIOS.compose(names, "test");
  }
}
