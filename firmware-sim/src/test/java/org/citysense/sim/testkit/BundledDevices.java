package org.citysense.sim.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.Scenario;
import org.citysense.sim.scenario.ScenarioLoader;

/** Simulated devices of the bundled profiles on the baseline scenario, for transport tests. */
public final class BundledDevices {
  private BundledDevices() {}

  public static SimDevice create(String id, String profile, Transport transport, Clock clock) {
    var factory =
        new DeviceFactory(
            ProfileCatalog.bundled(), clock, 42, ZoneId.of("Asia/Shanghai"), clock.instant());
    return factory.create(
        new DeviceInstance(id, profile, transport, null, null, null, null, Map.of(), Map.of()),
        baseline());
  }

  /**
   * Only the baseline file is read: on this branch ScenarioCatalog.bundled() fails on
   * smoke-alarm.yaml ("3m30s"), which the duration parser learns on main.
   */
  private static Scenario baseline() {
    try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/baseline.yaml")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new ScenarioLoader().parse("baseline.yaml", text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
