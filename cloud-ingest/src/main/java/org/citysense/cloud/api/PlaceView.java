package org.citysense.cloud.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.citysense.cloud.overview.Place;

/**
 * A station's, household's or device's console page: the place (see {@link Place}), its fields at
 * the top of the answer, and its most recent events.
 *
 * @param events its most recent events, newest opened first, all statuses, as {@code GET
 *     /api/v1/events} lists them
 * @param eventsTotal how many events it has in all, of which {@code events} are the newest
 */
public record PlaceView(@JsonUnwrapped Place place, List<EventView> events, long eventsTotal) {
  static PlaceView of(Place p, List<EventView> events, long eventsTotal) {
    return new PlaceView(p, events, eventsTotal);
  }
}
