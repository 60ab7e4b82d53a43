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
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.notify.NotificationLog;
import org.citysense.cloud.overview.EventTimeline;
import org.citysense.cloud.overview.Timeline;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.registry.StationDevices;
import org.citysense.cloud.registry.UnitRepository;
import org.citysense.cloud.rules.RuleBook;

/**
 * {@code GET /api/v1/events/{id}/timeline}: the event's audit trail and delivery log in time order,
 * addresses masked, with the rule's explanation and what it compared. For the people who see the
 * event in their units; an event outside them is answered 404.
 */
@Path("/api/v1/events/{id}/timeline")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class EventTimelineResource {
  @Inject EventService events;
  @Inject UnitRepository units;
  @Inject Access access;
  @Inject DataSource dataSource;
  @Inject RuleBook rules;
  @Inject Clock clock;
  private EventScope scope;
  private NotificationLog notifications;
  private EventTimeline timeline;

  @PostConstruct
  void init() {
    scope = new EventScope(units, access);
    notifications = new NotificationLog(dataSource);
    StationDevices stations = new StationDevices(dataSource);
    timeline =
        new EventTimeline(
            NotificationView::mask, station -> stations.deviceIds(station).orElse(List.of()));
  }

  @GET
  public Timeline timeline(@Context ContainerRequestContext request, @PathParam("id") String id) {
    Principal caller = Authentication.of(request);
    access.refuseGateway(caller);
    access.refuseFamily(caller);
    long eventId;
    try {
      eventId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new NotFoundException("event", id);
    }
    Event event = events.get(eventId).orElseThrow(() -> new NotFoundException("event", id));
    scope.requireVisible(caller, event);
    return timeline.of(
        event,
        events.audit(eventId),
        notifications.forEvent(eventId),
        rules.current(),
        clock.instant());
  }
}
