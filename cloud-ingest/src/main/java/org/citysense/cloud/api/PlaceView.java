package org.citysense.cloud.api;

import java.time.Instant;
import java.util.List;
import org.citysense.cloud.overview.Place;

/**
 * A station's, household's or device's console page: the place (see {@link Place}) and its most
 * recent events.
 *
 * @param events its most recent events, newest opened first, all statuses, as {@code GET
 *     /api/v1/events} lists them
 * @param eventsTotal how many events it has in all, of which {@code events} are the newest
 */
public record PlaceView(
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
    List<Place.Device> devices,
    List<EventView> events,
    long eventsTotal) {

  static PlaceView of(Place p, List<EventView> events, long eventsTotal) {
    return new PlaceView(
        p.kind(),
        p.id(),
        p.name(),
        p.unitId(),
        p.lat(),
        p.lon(),
        p.address(),
        p.stationId(),
        p.householdId(),
        p.state(),
        p.activeEvents(),
        p.at(),
        p.offlineAfterSeconds(),
        p.readingsUnavailable(),
        p.devices(),
        events,
        eventsTotal);
  }
}
