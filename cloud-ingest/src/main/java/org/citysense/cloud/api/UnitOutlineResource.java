package org.citysense.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.overview.OutlineCheck;
import org.citysense.cloud.overview.OutlineRepository;
import org.citysense.cloud.overview.OutlineTooLargeException;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.registry.UnitRepository;

/**
 * {@code /api/v1/units/{id}/outline}: the unit's outline on the console's map, a GeoJSON Feature
 * (its geometry a Polygon or a MultiPolygon). An admin puts it; whoever reads the unit gets it.
 */
@Path("/api/v1/units/{id}/outline")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class UnitOutlineResource {
  static final String GEOJSON = "application/geo+json";

  @Inject OutlineRepository outlines;
  @Inject OutlineCheck check;
  @Inject UnitRepository units;
  @Inject Access access;
  @Inject ObjectMapper json;
  @Inject Clock clock;

  @GET
  @Produces({MediaType.APPLICATION_JSON, GEOJSON})
  public JsonNode get(@Context ContainerRequestContext request, @PathParam("id") String id) {
    access.requireRead(Authentication.of(request), id);
    units.get(id).orElseThrow(() -> new NotFoundException("unit", id));
    OutlineRepository.Outline outline =
        outlines.get(id).orElseThrow(() -> new NotFoundException("outline of unit", id));
    return ConsoleOutlinesResource.feature(json, outline);
  }

  @PUT
  @Consumes({MediaType.APPLICATION_JSON, GEOJSON, MediaType.TEXT_PLAIN})
  public JsonNode put(
      @Context ContainerRequestContext request, @PathParam("id") String id, String body) {
    Principal caller = Authentication.of(request);
    access.requireAdmin(caller, "upload a unit's outline");
    units.get(id).orElseThrow(() -> new NotFoundException("unit", id));
    String geometry;
    try {
      geometry = check.geometry(body);
    } catch (OutlineTooLargeException e) {
      throw new ApiException(413, e.getMessage(), "body");
    }
    outlines.put(id, geometry, clock.instant(), caller.subject());
    return get(request, id);
  }
}
