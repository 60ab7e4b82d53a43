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
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.registry.Household;
import org.citysense.cloud.registry.HouseholdRepository;
import org.citysense.cloud.registry.NotFoundException;

/** {@code /api/v1/households}: households of a unit; a family member reads its own. */
@Path("/api/v1/households")
@Blocking
public class HouseholdResource {
  /** What a PUT replaces; the id is the path's. */
  public record Change(String unitId, String name, String address) {}

  @Inject HouseholdRepository households;
  @Inject Access access;

  @POST
  public Response create(@Context ContainerRequestContext request, Household body) {
    Household household = Bodies.required(body);
    access.requireWrite(Authentication.of(request), household.unitId());
    return Response.status(201).entity(households.create(household)).build();
  }

  /** The households directly in {@code ?unit=}. */
  @GET
  public List<Household> list(
      @Context ContainerRequestContext request, @QueryParam("unit") String unitId) {
    access.requireRead(Authentication.of(request), Bodies.requiredQuery("unit", unitId));
    return households.list(unitId);
  }

  @GET
  @Path("{id}")
  public Household get(@Context ContainerRequestContext request, @PathParam("id") String id) {
    Household household =
        households.get(id).orElseThrow(() -> new NotFoundException("household", id));
    access.requireHousehold(Authentication.of(request), id, household.unitId());
    return household;
  }

  /** Needs write access to the household's unit now and to the one it moves to. */
  @PUT
  @Path("{id}")
  public Household update(
      @Context ContainerRequestContext request, @PathParam("id") String id, Change body) {
    Principal caller = Authentication.of(request);
    Change change = Bodies.required(body);
    Household now = households.get(id).orElseThrow(() -> new NotFoundException("household", id));
    access.requireWrite(caller, now.unitId());
    access.requireWrite(caller, change.unitId());
    return households.update(new Household(id, change.unitId(), change.name(), change.address()));
  }
}
