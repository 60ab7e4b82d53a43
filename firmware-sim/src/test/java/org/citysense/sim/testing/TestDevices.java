package org.citysense.sim.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.Scenario;
import org.citysense.sim.scenario.ScenarioCatalog;
import org.citysense.sim.scenario.ScenarioLoader;

/**
 * Builds simulated devices for serial tests from real profiles and the bundled scenario files.
 * Scenarios are loaded by name only, so one bundled file that does not load here does not break
 * tests that do not use it.
 */
public final class TestDevices {
  private static final ProfileCatalog PROFILES = ProfileCatalog.bundled();

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

  public static SimDevice device(String id, String profile, Transport transport) {
    return device(id, profile, transport, "baseline", Duration.ZERO);
  }

  private static Scenario scenario(String names) {
    ScenarioLoader loader = new ScenarioLoader();
    Map<String, Scenario> byName = new LinkedHashMap<>();
    for (String name : names.split(",")) {
      byName.put(name, loader.parse(name + ".yaml", bundled(name + ".yaml")));
    }
    return new ScenarioCatalog(byName).compose(names, "test");
  }

  private static String bundled(String file) {
    try (InputStream in = ScenarioCatalog.class.getResourceAsStream("/scenarios/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no bundled scenario " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
