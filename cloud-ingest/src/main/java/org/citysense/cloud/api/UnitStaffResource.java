package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.notify.RecipientForm;
import org.citysense.cloud.notify.RecipientRepository;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.registry.UnitRepository;

/**
 * {@code /api/v1/units/{id}/staff}: the grid workers and staff of exactly this unit, whom
 * notifications about it may reach. Reading needs read access to the unit (viewers see phones
 * masked), changing write access.
 */
@Path("/api/v1/units/{id}/staff")
@Blocking
public class UnitStaffResource {
  @Inject UnitRepository units;
  @Inject RecipientRepository recipients;
  @Inject Access access;

  @POST
  public Response add(
      @Context ContainerRequestContext request, @PathParam("id") String id, RecipientForm body) {
    access.requireWrite(Authentication.of(request), id);
    RecipientForm form = Bodies.required(body);
    return Response.status(201).entity(RecipientView.of(recipients.addStaff(id, form))).build();
  }

  @GET
  public List<RecipientView> list(
      @Context ContainerRequestContext request, @PathParam("id") String id) {
    Principal caller = Authentication.of(request);
    access.requireRead(caller, id);
    requireUnit(id);
    boolean whole = access.seesContactDetails(caller, id);
    return recipients.staff(id).stream().map(r -> RecipientView.of(r, whole)).toList();
  }

  @DELETE
  @Path("{staffId}")
  public Response delete(
      @Context ContainerRequestContext request,
      @PathParam("id") String id,
      @PathParam("staffId") String staffId) {
    access.requireWrite(Authentication.of(request), id);
    recipients.deleteStaff(id, staffId);
    return Response.noContent().build();
  }

  private void requireUnit(String unitId) {
    if (units.get(unitId).isEmpty()) {
      throw new NotFoundException("unit", unitId);
    }
  }
}
