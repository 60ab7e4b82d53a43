package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.events.EventFilter;
import org.citysense.cloud.events.EventPage;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.overview.Place;
import org.citysense.cloud.overview.PlaceKind;
import org.citysense.cloud.overview.Places;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.registry.UnitRepository;

/**
 * {@code GET /api/v1/console/places/{kind}/{id}}: what the console's page of a station, household
 * or device shows besides the chart and the contacts: the place, its devices (quantities, gateway
 * contact, newest reading, offline, maintenance) and its most recent events. Staff within the
 * place's unit, as for the station, household or device itself; a family member its households and
 * their devices (any other, and every station, as if it did not exist).
 */
@Path("/api/v1/console/places/{kind}/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ConsolePlaceResource {
  /** The most recent events a page lists; the event list pages through the rest. */
  static final int EVENTS = 50;

  @Inject Places places;
  @Inject EventService events;
  @Inject UnitRepository units;
  @Inject Access access;
  private EventScope scope;

  @PostConstruct
  void init() {
    scope = new EventScope(units, access);
  }

  @GET
  public PlaceView place(
      @Context ContainerRequestContext request,
      @PathParam("kind") String kindText,
      @PathParam("id") String id) {
    Principal caller = Authentication.of(request);
    access.refuseGateway(caller);
    PlaceKind kind =
        PlaceKind.of(kindText)
            .orElseThrow(
                () ->
                    new ApiException(
                        400,
                        "kind \"" + kindText + "\" is not one of station, household, device",
                        "kind"));
    if (caller.isFamily() && kind == PlaceKind.STATION) {
      throw new NotFoundException("station", id);
    }
    Place place = places.find(kind, id).orElseThrow(() -> new NotFoundException(kind.id(), id));
    requireVisible(caller, kind, place);
    EventScope.Visible visible = scope.visible(caller, null);
    EventPage page =
        events.find(
            new EventFilter(
                null,
                null,
                null,
                visible.unitIds(),
                kind == PlaceKind.HOUSEHOLD ? Set.of(id) : visible.householdIds(),
                kind == PlaceKind.STATION ? id : null,
                kind == PlaceKind.DEVICE ? id : null,
                null,
                null,
                0,
                EVENTS));
    return PlaceView.of(
        caller.isFamily() ? place.forFamily() : place,
        page.items().stream().map(e -> EventView.of(e, null)).toList(),
        page.total());
  }

  /** As the station, household and device resources check them. */
  private void requireVisible(Principal caller, PlaceKind kind, Place place) {
    switch (kind) {
      case STATION -> access.requireRead(caller, place.unitId());
      case HOUSEHOLD -> access.requireHousehold(caller, place.id(), place.unitId());
      case DEVICE -> {
        if (caller.isFamily()) {
          if (!caller.householdIds().contains(place.householdId())) {
            throw new NotFoundException("device", place.id());
          }
        } else {
          access.requireRead(caller, place.unitId());
        }
      }
    }
  }
}
