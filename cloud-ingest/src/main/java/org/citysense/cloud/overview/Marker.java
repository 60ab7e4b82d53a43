package org.citysense.cloud.overview;

/**
 * A station or household on the map, with its state.
 *
 * @param kind {@code station} or {@code household}
 * @param lat the station's own coordinates; for a household, the mean of its devices' (households
 *     have none of their own); null when unknown, so the console lists it beside the map
 * @param state {@link #ALARM}, {@link #MAINTENANCE}, {@link #OFFLINE} or {@link #OK}, the first
 *     that holds in this order
 * @param activeEvents active events on it, test and offline events left out
 * @param devices its devices
 * @param devicesOffline of those, offline (an active offline event, or their gateway silent)
 * @param devicesInMaintenance of those, in a maintenance window now
 */
public record Marker(
    String kind,
    String id,
    String unitId,
    String name,
    Double lat,
    Double lon,
    String state,
    long activeEvents,
    long devices,
    long devicesOffline,
    long devicesInMaintenance) {
  public static final String OK = "ok";
  public static final String ALARM = "alarm";
  public static final String OFFLINE = "offline";
  public static final String MAINTENANCE = "maintenance";

  /** The state from the counts: an alarm outranks maintenance, which outranks silence. */
  static String state(long activeEvents, long devicesOffline, long devicesInMaintenance) {
    if (activeEvents > 0) {
      return ALARM;
    }
    if (devicesInMaintenance > 0) {
      return MAINTENANCE;
    }
    return devicesOffline > 0 ? OFFLINE : OK;
  }
}
