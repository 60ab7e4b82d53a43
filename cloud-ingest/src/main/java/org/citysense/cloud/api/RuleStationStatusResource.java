package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.citysense.cloud.overview.StationIndex;
import org.citysense.cloud.pipeline.RuleWorker;
import org.citysense.cloud.registry.UnitRepository;
import org.citysense.cloud.rules.StationStatus;

/**
 * {@code GET /api/v1/rules/status/stations?unit=&station=}: per station of the caller's units, what
 * each rule that judges stations (the neighbour rule, thresholds on station devices) last made of
 * it: signalled, cleared, normal, or why it could not decide (no position, no neighbour within
 * reach, quorum not met, no such level). Since this node's start, as {@code GET
 * /api/v1/rules/status}.
 */
@Path("/api/v1/rules/status/stations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RuleStationStatusResource {
  /** One rule's last judgement of one station. */
  public record View(
      String stationId,
      String stationName,
      String unitId,
      String ruleId,
      String type,
      Instant at,
      String outcome,
      String note) {}

  @Inject RuleWorker rules;
  @Inject StationIndex stations;
  @Inject UnitRepository units;
  @Inject Access access;
  private EventScope scope;

  @PostConstruct
  void init() {
    scope = new EventScope(units, access);
  }

  @GET
  public List<View> stations(
      @Context ContainerRequestContext request,
      @QueryParam("unit") String unit,
      @QueryParam("station") String station) {
    Map<String, StationIndex.Entry> visible =
        stations.of(scope.visibleUnits(Authentication.of(request), unit));
    String only = station == null || station.isBlank() ? null : station.strip();
    return rules.stations().stream()
        .filter(s -> visible.containsKey(s.stationId()))
        .filter(s -> only == null || only.equals(s.stationId()))
        .sorted(Comparator.comparing(StationStatus::stationId).thenComparing(StationStatus::ruleId))
        .map(s -> view(s, visible.get(s.stationId())))
        .toList();
  }

  private static View view(StationStatus s, StationIndex.Entry station) {
    return new View(
        s.stationId(),
        station.name(),
        station.unitId(),
        s.ruleId(),
        s.type().id(),
        s.at(),
        s.outcome(),
        s.note());
  }
}
