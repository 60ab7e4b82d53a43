package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.registry.Unit;
import org.citysense.cloud.registry.UnitRepository;

/** {@code /api/v1/units}: the tree of administrative units. */
@Path("/api/v1/units")
@Blocking
public class UnitResource {
  /** A new name. */
  public record Rename(String name) {}

  @Inject UnitRepository units;
  @Inject Access access;

  /** A top-level unit needs an admin; a child, write access to its parent. */
  @POST
  public Response create(@Context ContainerRequestContext request, Unit body) {
    Principal caller = Authentication.of(request);
    Unit unit = Bodies.required(body);
    if (unit.parentId() == null) {
      access.requireAdmin(caller, "create a top-level unit");
    } else {
      access.requireWrite(caller, unit.parentId());
    }
    return Response.status(201).entity(units.create(unit)).build();
  }

  /** The units the caller may read. */
  @GET
  public List<Unit> list(@Context ContainerRequestContext request) {
    Principal caller = Authentication.of(request);
    access.refuseGateway(caller);
    return units.list().stream().filter(u -> access.canRead(caller, u.id())).toList();
  }

  @GET
  @Path("{id}")
  public Unit get(@Context ContainerRequestContext request, @PathParam("id") String id) {
    access.requireRead(Authentication.of(request), id);
    return units.get(id).orElseThrow(() -> new NotFoundException("unit", id));
  }

  @PUT
  @Path("{id}")
  public Unit rename(
      @Context ContainerRequestContext request, @PathParam("id") String id, Rename body) {
    access.requireWrite(Authentication.of(request), id);
    return units.rename(id, Bodies.required(body).name());
  }
}
