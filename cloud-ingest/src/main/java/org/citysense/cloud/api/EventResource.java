package org.citysense.cloud.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventFilter;
import org.citysense.cloud.events.EventPage;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.events.EventStatus;
import org.citysense.cloud.notify.NotificationLog;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.registry.UnitRepository;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /api/v1/events}: the alert API. Operators see and handle the events of their unit and the
 * units below it; viewers only see them; family members see their households' events and
 * acknowledge them (a critical one only for the family: {@link EventService#acknowledgeForFamily});
 * an event outside the caller's scope is a 404.
 */
@Path("/api/v1/events")
@Blocking
public class EventResource {
  /** The body of a lifecycle step; both fields optional except {@code assignee} on assign. */
  public record Step(String note, String assignee) {}

  /** A page of events. */
  public record Page(List<EventView> items, long total, int offset, int limit) {}

  @Inject EventService events;
  @Inject UnitRepository units;
  @Inject Access access;
  @Inject DataSource dataSource;
  @Inject ObjectMapper json;
  @Inject OpenStreams openStreams;

  @ConfigProperty(name = "citysense.api.events.default-limit", defaultValue = "50")
  int defaultLimit;

  @ConfigProperty(name = "citysense.api.events.max-limit", defaultValue = "500")
  int maxLimit;

  private EventScope scope;
  private NotificationLog notifications;

  @PostConstruct
  void init() {
    scope = new EventScope(units, access);
    notifications = new NotificationLog(dataSource);
  }

  @GET
  public Page list(
      @Context ContainerRequestContext request,
      @QueryParam("status") String status,
      @QueryParam("severity") String severity,
      @QueryParam("type") String type,
      @QueryParam("unit") String unit,
      @QueryParam("station") String station,
      @QueryParam("device") String device,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("offset") String offset,
      @QueryParam("limit") String limit) {
    Principal caller = Authentication.of(request);
    EventScope.Visible visible = scope.visible(caller, unit);
    Paging paging = Paging.of(offset, limit, defaultLimit, maxLimit);
    EventFilter filter =
        new EventFilter(
            parseAll("status", status, EventStatus.class, EventStatus::id),
            parseAll("severity", severity, Severity.class, Severity::id),
            parseAll("type", type, RuleType.class, RuleType::id),
            visible.unitIds(),
            visible.householdIds(),
            station == null || station.isBlank() ? null : station,
            device == null || device.isBlank() ? null : device.strip(),
            instant("from", from),
            instant("to", to),
            paging.offset(),
            paging.limit());
    EventPage page = events.find(filter);
    return new Page(
        page.items().stream().map(e -> EventView.of(e, null)).toList(),
        page.total(),
        page.offset(),
        page.limit());
  }

  @GET
  @Path("{id}")
  public EventView get(@Context ContainerRequestContext request, @PathParam("id") String id) {
    Event event = visible(request, id);
    return EventView.of(event, events.audit(event.id()));
  }

  /**
   * The event's delivery log: every message to every address, with its status, reason, attempts and
   * times, the addresses masked; visible to whoever may see the event.
   */
  @GET
  @Path("{id}/notifications")
  public List<NotificationView> notifications(
      @Context ContainerRequestContext request, @PathParam("id") String id) {
    Event event = visible(request, id);
    return notifications.forEvent(event.id()).stream().map(NotificationView::of).toList();
  }

  @POST
  @Path("{id}/ack")
  @Consumes(MediaType.WILDCARD)
  public EventView acknowledge(
      @Context ContainerRequestContext request, @PathParam("id") String id, String raw) {
    Principal caller = Authentication.of(request);
    Event event = caller.isFamily() ? visible(request, id) : writable(request, id);
    Step body = step(raw);
    if (caller.isFamily() && event.severity() == Severity.CRITICAL) {
      // a critical household event stays with the staff until one of them acknowledges it
      return view(events.acknowledgeForFamily(event.id(), caller.subject(), note(body)));
    }
    return view(events.acknowledge(event.id(), caller.subject(), note(body)));
  }

  @POST
  @Path("{id}/assign")
  @Consumes(MediaType.WILDCARD)
  public EventView assign(
      @Context ContainerRequestContext request, @PathParam("id") String id, String raw) {
    Event event = writable(request, id);
    Step body = step(raw);
    if (body == null || body.assignee() == null || body.assignee().isBlank()) {
      throw new FieldException("assignee", "missing; name who takes the event on");
    }
    String actor = Authentication.of(request).subject();
    return view(events.assign(event.id(), actor, body.assignee().strip(), note(body)));
  }

  @POST
  @Path("{id}/resolve")
  @Consumes(MediaType.WILDCARD)
  public EventView resolve(
      @Context ContainerRequestContext request, @PathParam("id") String id, String raw) {
    Event event = writable(request, id);
    Step body = step(raw);
    return view(events.resolve(event.id(), Authentication.of(request).subject(), note(body)));
  }

  @POST
  @Path("{id}/close")
  @Consumes(MediaType.WILDCARD)
  public EventView close(
      @Context ContainerRequestContext request, @PathParam("id") String id, String raw) {
    Event event = writable(request, id);
    Step body = step(raw);
    return view(events.close(event.id(), Authentication.of(request).subject(), note(body)));
  }

  /**
   * Live changes as server-sent events: one {@code raised}, {@code updated}, {@code acknowledged}…
   * message per change of an event the caller may see, the event as JSON in its data. When the
   * caller's token is revoked the stream ends within {@code citysense.api.stream-recheck}, after a
   * last message {@code revoked} ({@link OpenStreams}).
   */
  @GET
  @Path("stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void stream(
      @Context ContainerRequestContext request, @Context SseEventSink sink, @Context Sse sse) {
    Principal caller = Authentication.of(request);
    EventScope.Visible visible = scope.visible(caller, null);
    AtomicReference<Runnable> off = new AtomicReference<>();
    off.set(
        events.listen(
            change -> {
              if (sink.isClosed()) {
                off.get().run();
                return;
              }
              if (!visible.shows(change.event())) {
                return;
              }
              // JSON written here: an event typed application/json makes RESTEasy add a
              // "content-type:" line to each message, which is not an SSE field
              sink.send(
                      sse.newEventBuilder()
                          .name(change.kind())
                          .id(String.valueOf(change.event().id()))
                          .data(jsonOf(EventView.of(change.event(), null)))
                          .build())
                  .whenComplete(
                      (sent, failure) -> {
                        if (failure != null) {
                          off.get().run(); // the client went away
                        }
                      });
            }));
    Runnable forget =
        openStreams.add(
            caller.tokenId(),
            () -> {
              off.get().run();
              sink.send(sse.newEventBuilder().name("revoked").data("the token is revoked").build())
                  .whenComplete((sent, failure) -> sink.close());
            },
            sink::isClosed);
    Runnable listening = off.get();
    off.set(
        () -> {
          listening.run();
          forget.run();
        });
    // a first comment tells the client the stream is open before any event happens
    sink.send(sse.newEventBuilder().comment("events of your units follow").build());
  }

  private String jsonOf(EventView view) {
    try {
      return json.writeValueAsString(view);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write event " + view.id() + " as JSON", e);
    }
  }

  private EventView view(Event e) {
    return EventView.of(e, events.audit(e.id()));
  }

  private Event visible(ContainerRequestContext request, String id) {
    Principal caller = Authentication.of(request);
    access.refuseGateway(caller);
    Event event = events.get(eventId(id)).orElseThrow(() -> new NotFoundException("event", id));
    scope.requireVisible(caller, event);
    return event;
  }

  private Event writable(ContainerRequestContext request, String id) {
    Event event = visible(request, id);
    access.requireWrite(Authentication.of(request), event.unitId());
    return event;
  }

  private static long eventId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new NotFoundException("event", id);
    }
  }

  /**
   * The step's body: optional, so a bare {@code curl -X POST} (no body, no Content-Type) works as
   * well as {@code -d '{"note": "…"}'}; read here rather than by JAX-RS, which would answer 415 to
   * a request without a Content-Type.
   */
  private Step step(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return json.readValue(raw, Step.class);
    } catch (JsonProcessingException e) {
      throw new ApiException(
          400, "the body is not a JSON object like {\"note\": \"…\"}: " + e.getOriginalMessage());
    }
  }

  private static String note(Step body) {
    return body == null || body.note() == null || body.note().isBlank() ? null : body.note();
  }

  static Instant instant(String name, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new FieldException(name, "\"" + text + "\" is not a time like 2026-05-01T08:00:00Z");
    }
  }

  /** A comma-separated list of enum ids, e.g. {@code ?status=open,acknowledged}. */
  static <E extends Enum<E>> Set<E> parseAll(
      String name, String text, Class<E> type, Function<E, String> id) {
    if (text == null || text.isBlank()) {
      return Set.of();
    }
    Set<E> chosen = EnumSet.noneOf(type);
    for (String part : text.split(",")) {
      String wanted = part.strip();
      E found =
          Arrays.stream(type.getEnumConstants())
              .filter(e -> id.apply(e).equals(wanted))
              .findFirst()
              .orElseThrow(
                  () ->
                      new FieldException(
                          name,
                          "\""
                              + wanted
                              + "\" is not one of "
                              + Arrays.stream(type.getEnumConstants())
                                  .map(id)
                                  .collect(Collectors.joining(", "))));
      chosen.add(found);
    }
    return chosen;
  }
}
