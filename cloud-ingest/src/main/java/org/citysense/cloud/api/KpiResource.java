package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.events.UnitKpi;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.UnitRepository;

/**
 * {@code /api/v1/kpis}: how the closed loop performs: closure rate and mean time to resolve of the
 * events raised in a period ({@code ?from=&to=}, default the last 30 days), per unit and in total.
 */
@Path("/api/v1/kpis")
@Blocking
public class KpiResource {
  /** The period and a row per unit, the total first (its unitId null). */
  public record Kpis(Instant from, Instant to, List<UnitKpi> units) {}

  @Inject EventService events;
  @Inject UnitRepository units;
  @Inject Access access;
  @Inject Clock clock;
  private EventScope scope;

  @PostConstruct
  void init() {
    scope = new EventScope(units, access);
  }

  @GET
  public Kpis kpis(
      @Context ContainerRequestContext request,
      @QueryParam("unit") String unit,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    var visible = scope.visibleUnits(Authentication.of(request), unit);
    Instant end = EventResource.instant("to", to);
    end = end == null ? clock.instant() : end;
    Instant start = EventResource.instant("from", from);
    start = start == null ? end.minus(Duration.ofDays(30)) : start;
    if (!start.isBefore(end)) {
      throw new FieldException("from", "must be before to (" + end + ")");
    }
    return new Kpis(start, end, events.kpis(visible, start, end));
  }
}
