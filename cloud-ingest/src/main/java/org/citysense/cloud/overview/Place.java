package org.citysense.cloud.overview;

import java.time.Instant;
import java.util.List;

/**
 * A station, household or device as its console page shows it, besides its events.
 *
 * @param kind {@code station}, {@code household} or {@code device}
 * @param name the station's or household's name; null for a device
 * @param unitId the unit access follows: the station's or household's, for a device its gateway's
 * @param lat a station's or device's own coordinates; a household's the mean of its devices' (as on
 *     the map); null when unknown
 * @param address a household's address; null for the others
 * @param stationId for a device, the station it hangs from; else null
 * @param householdId for a device, the household it hangs from; else null
 * @param state as {@link Marker#state()}: alarm, maintenance, offline or ok, the first that holds
 * @param activeEvents its active events, test and offline events left out (as on the map)
 * @param at when the page was read
 * @param offlineAfterSeconds a gateway silent this long is offline, with its devices
 * @param readingsUnavailable whether the reading store could not be asked; then every {@code
 *     lastReadingAt} is null
 * @param devices its devices by id; for a device page, itself
 */
public record Place(
    String kind,
    String id,
    String name,
    String unitId,
    Double lat,
    Double lon,
    String address,
    String stationId,
    String householdId,
    String state,
    long activeEvents,
    Instant at,
    long offlineAfterSeconds,
    boolean readingsUnavailable,
    List<Device> devices) {
  public Place {
    devices = List.copyOf(devices);
  }

  /**
   * A device of the place.
   *
   * @param place where the device is, in words; null when not given
   * @param quantities what its profile measures, in the canonical units readings are stored in
   * @param gatewayLastContact when its gateway last delivered a batch; null before the first
   * @param lastReadingAt its newest stored reading's time (the gateway's clock); null when none
   * @param offline as on the map: its gateway silent, or an active offline event on it
   * @param maintenance its maintenance window now; null when not in maintenance
   */
  public record Device(
      String id,
      String profile,
      String place,
      List<Quantity> quantities,
      String gatewayId,
      Instant gatewayLastContact,
      Instant lastReadingAt,
      boolean offline,
      Window maintenance) {
    public Device {
      quantities = List.copyOf(quantities);
    }

    Device withMaintenance(Window window) {
      return new Device(
          id,
          profile,
          place,
          quantities,
          gatewayId,
          gatewayLastContact,
          lastReadingAt,
          offline,
          window);
    }
  }

  /** A quantity a device measures, e.g. {@code pm2_5} in {@code µg/m³}. */
  public record Quantity(String id, String unit) {}

  /**
   * A maintenance window now running.
   *
   * @param startedBy who started it; null for a family member
   * @param note why; null for a family member
   */
  public record Window(Instant since, Instant until, String startedBy, String note) {}

  /**
   * As a family member sees it: that a device is in maintenance and until when, not who started it
   * or why (staff's notes, as on {@code GET /api/v1/devices/{id}/maintenance}, which families
   * cannot call).
   */
  public Place forFamily() {
    return new Place(
        kind,
        id,
        name,
        unitId,
        lat,
        lon,
        address,
        stationId,
        householdId,
        state,
        activeEvents,
        at,
        offlineAfterSeconds,
        readingsUnavailable,
        devices.stream()
            .map(
                d ->
                    d.maintenance() == null
                        ? d
                        : d.withMaintenance(
                            new Window(
                                d.maintenance().since(), d.maintenance().until(), null, null)))
            .toList());
  }
}
