package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.readings.ReadingQueries;
import org.citysense.cloud.readings.ReadingView;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.registry.Station;
import org.citysense.cloud.registry.StationLevels;
import org.citysense.cloud.registry.StationRepository;

/** {@code /api/v1/stations}: monitoring stations of a unit. */
@Path("/api/v1/stations")
@Blocking
public class StationResource {
  /** What a PUT replaces; the id is the path's. */
  public record Change(String unitId, String name, Double lat, Double lon) {}

  @Inject StationRepository stations;
  @Inject Access access;
  @Inject ReadingQueries readings;
  @Inject StationLevels levels;

  @POST
  public Response create(@Context ContainerRequestContext request, Station body) {
    Station station = Bodies.required(body);
    access.requireWrite(Authentication.of(request), station.unitId());
    return Response.status(201).entity(stations.create(station)).build();
  }

  /** The stations directly in {@code ?unit=}. */
  @GET
  public List<Station> list(
      @Context ContainerRequestContext request, @QueryParam("unit") String unitId) {
    access.requireRead(Authentication.of(request), Bodies.requiredQuery("unit", unitId));
    return stations.list(unitId);
  }

  @GET
  @Path("{id}")
  public Station get(@Context ContainerRequestContext request, @PathParam("id") String id) {
    Station station = stations.get(id).orElseThrow(() -> new NotFoundException("station", id));
    access.requireRead(Authentication.of(request), station.unitId());
    return station;
  }

  /** Needs write access to the station's unit now and to the one it moves to. */
  @PUT
  @Path("{id}")
  public Station update(
      @Context ContainerRequestContext request, @PathParam("id") String id, Change body) {
    Principal caller = Authentication.of(request);
    Change change = Bodies.required(body);
    Station now = stations.get(id).orElseThrow(() -> new NotFoundException("station", id));
    access.requireWrite(caller, now.unitId());
    access.requireWrite(caller, change.unitId());
    return stations.update(
        new Station(id, change.unitId(), change.name(), change.lat(), change.lon()));
  }

  @GET
  @Blocking
  @Path("{id}/latest")
  public List<ReadingView> latest(
      @Context ContainerRequestContext request, @PathParam("id") String stationId) {
    Station station =
        stations.get(stationId).orElseThrow(() -> new NotFoundException("station", stationId));
    access.requireRead(Authentication.of(request), station.unitId());
    return readings
        .latest(stationId)
        .orElseThrow(() -> new ApiException(404, "no station " + stationId, "id"));
  }

  /** The station's named levels, e.g. {@code {"warning": 2.5, "danger": 3.2}} for a gauge. */
  @GET
  @Path("{id}/levels")
  public Map<String, Double> levels(
      @Context ContainerRequestContext request, @PathParam("id") String id) {
    Station station = stations.get(id).orElseThrow(() -> new NotFoundException("station", id));
    access.requireRead(Authentication.of(request), station.unitId());
    return levels.get(id);
  }

  /** Replaces the station's levels; threshold rules with {@code above: warning} use them. */
  @PUT
  @Path("{id}/levels")
  public Map<String, Double> replaceLevels(
      @Context ContainerRequestContext request,
      @PathParam("id") String id,
      Map<String, Double> body) {
    Station station = stations.get(id).orElseThrow(() -> new NotFoundException("station", id));
    access.requireWrite(Authentication.of(request), station.unitId());
    return levels.replace(id, Bodies.required(body));
  }
}
