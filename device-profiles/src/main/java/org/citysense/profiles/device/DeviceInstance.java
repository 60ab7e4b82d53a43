package org.citysense.profiles.device;

import java.time.Duration;
import java.util.Map;
import org.citysense.profiles.model.AlarmLimit;

/**
 * One installed device: which profile it follows, how it is reached, and where it belongs. The same
 * description is used by the agent's config, the simulator's site files and the cloud's import.
 *
 * @param station the station it belongs to, or null
 * @param household the household it belongs to, or null
 * @param unit the administrative unit it is attached to directly, or null
 * @param location where it is, or null
 * @param alarmLimits overrides of the profile's alarm limits, by point name
 * @param intervals overrides of the profile's poll intervals, by point name
 */
public record DeviceInstance(
    String id,
    String profile,
    Transport transport,
    String station,
    String household,
    String unit,
    Location location,
    Map<String, AlarmLimit> alarmLimits,
    Map<String, Duration> intervals) {

  public DeviceInstance {
    alarmLimits = Map.copyOf(alarmLimits);
    intervals = Map.copyOf(intervals);
  }
}
