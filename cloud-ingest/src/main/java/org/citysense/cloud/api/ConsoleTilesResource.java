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
import org.citysense.cloud.overview.TileService;
import org.citysense.cloud.overview.Tiles;
import org.citysense.cloud.registry.UnitRepository;

/**
 * {@code GET /api/v1/console/tiles?unit=}: the one screen's KPI tiles for the caller's units (or
 * one unit's subtree within them). People only; not for family or gateway tokens.
 */
@Path("/api/v1/console/tiles")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ConsoleTilesResource {
  @Inject TileService tiles;
  @Inject UnitRepository units;
  @Inject Access access;
  private EventScope scope;

  @PostConstruct
  void init() {
    scope = new EventScope(units, access);
  }

  @GET
  public Tiles tiles(@Context ContainerRequestContext request, @QueryParam("unit") String unit) {
    return tiles.tiles(scope.visibleUnits(Authentication.of(request), unit));
  }
}
