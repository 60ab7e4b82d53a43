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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.citysense.cloud.overview.MapQueries;
import org.citysense.cloud.overview.MapState;
import org.citysense.cloud.overview.TileService;
import org.citysense.cloud.registry.UnitRepository;

/**
 * {@code GET /api/v1/console/map?unit=}: the stations and households of the caller's units with
 * their coordinates and state (ok, alarm, offline, maintenance). People only.
 */
@Path("/api/v1/console/map")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ConsoleMapResource {
  @Inject MapQueries map;
  @Inject TileService tiles;
  @Inject UnitRepository units;
  @Inject Access access;
  @Inject Clock clock;
  private EventScope scope;

  @PostConstruct
  void init() {
    scope = new EventScope(units, access);
  }

  @GET
  public MapState map(@Context ContainerRequestContext request, @QueryParam("unit") String unit) {
    var visible = scope.visibleUnits(Authentication.of(request), unit);
    Instant now = clock.instant();
    Duration silence = tiles.gatewaySilence();
    return new MapState(now, silence.toSeconds(), map.markers(visible, now.minus(silence), now));
  }
}
