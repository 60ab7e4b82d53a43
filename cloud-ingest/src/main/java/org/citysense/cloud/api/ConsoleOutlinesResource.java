package org.citysense.cloud.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.UncheckedIOException;
import org.citysense.cloud.overview.OutlineRepository;
import org.citysense.cloud.registry.UnitRepository;

/**
 * {@code GET /api/v1/console/outlines?unit=}: the outlines of the caller's units as one GeoJSON
 * FeatureCollection, each Feature's properties naming its unit, for the map's background.
 */
@Path("/api/v1/console/outlines")
@Produces({MediaType.APPLICATION_JSON, UnitOutlineResource.GEOJSON})
@Blocking
public class ConsoleOutlinesResource {
  @Inject OutlineRepository outlines;
  @Inject UnitRepository units;
  @Inject Access access;
  @Inject ObjectMapper json;
  private EventScope scope;

  @PostConstruct
  void init() {
    scope = new EventScope(units, access);
  }

  @GET
  public JsonNode outlines(
      @Context ContainerRequestContext request, @QueryParam("unit") String unit) {
    var visible = scope.visibleUnits(Authentication.of(request), unit);
    ObjectNode collection = json.createObjectNode().put("type", "FeatureCollection");
    ArrayNode features = collection.putArray("features");
    outlines.list(visible).forEach(o -> features.add(feature(json, o)));
    return collection;
  }

  /** The stored geometry as a Feature whose properties name the unit and who put it when. */
  static ObjectNode feature(ObjectMapper json, OutlineRepository.Outline outline) {
    ObjectNode feature = json.createObjectNode().put("type", "Feature");
    ObjectNode properties = feature.putObject("properties");
    properties.put("unitId", outline.unitId());
    properties.put("updatedAt", outline.updatedAt().toString());
    properties.put("updatedBy", outline.updatedBy());
    try {
      feature.set("geometry", json.readTree(outline.geometry()));
    } catch (JsonProcessingException e) {
      // stored only after OutlineCheck parsed it
      throw new UncheckedIOException(e);
    }
    return feature;
  }
}
