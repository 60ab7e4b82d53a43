package org.citysense.profiles.device;

import java.time.Duration;
import java.util.List;
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
 * @param onAlarm what the gateway writes when one of this device's alarms is raised, in order
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
    Map<String, Duration> intervals,
    List<AlarmAction> onAlarm) {

  public DeviceInstance {
    alarmLimits = Map.copyOf(alarmLimits);
    intervals = Map.copyOf(intervals);
    onAlarm = onAlarm == null ? List.of() : List.copyOf(onAlarm);
  }

  /** A device that does nothing but report when an alarm is raised. */
  public DeviceInstance(
      String id,
      String profile,
      Transport transport,
      String station,
      String household,
      String unit,
      Location location,
      Map<String, AlarmLimit> alarmLimits,
      Map<String, Duration> intervals) {
    this(
        id,
        profile,
        transport,
        station,
        household,
        unit,
        location,
        alarmLimits,
        intervals,
        List.of());
  }
}
