package org.citysense.sim.device;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.AlarmLimit;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.sim.scenario.Baselines;
import org.citysense.sim.scenario.Behaviour;
import org.citysense.sim.scenario.Scenario;

/** Builds simulated devices that share one clock, one seed and one scenario start. */
public final class DeviceFactory {
  private final ProfileCatalog profiles;
  private final Clock clock;
  private final Baselines baselines;
  private final Instant start;

  /**
   * @param seed makes noise and per-device differences reproducible
   * @param zone the site's time zone, for diurnal cycles
   * @param start scenario time 0 for every device
   */
  public DeviceFactory(
      ProfileCatalog profiles, Clock clock, long seed, ZoneId zone, Instant start) {
    this.profiles = profiles;
    this.clock = clock;
    this.baselines = new Baselines(zone, seed);
    this.start = start;
  }

  public SimDevice create(DeviceInstance instance, Scenario scenario) {
    DeviceProfile profile =
        profiles
            .find(instance.profile())
            .orElseThrow(() -> new IllegalArgumentException("no profile " + instance.profile()));
    Map<String, AlarmLimit> limits = new HashMap<>();
    for (Point p : profile.points()) {
      if (p.alarm() != null) {
        limits.put(p.name(), instance.alarmLimits().getOrDefault(p.name(), p.alarm()));
      }
    }
    Behaviour behaviour = new Behaviour(profile, instance.id(), scenario, baselines, start, limits);
    return new SimDevice(instance, profile, behaviour, clock);
  }
}
