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
import org.citysense.cloud.notify.RecipientForm;
import org.citysense.cloud.notify.RecipientRepository;
import org.citysense.cloud.registry.HouseholdRepository;
import org.citysense.cloud.registry.NotFoundException;

/**
 * {@code /api/v1/households/{id}/contacts}: the family contacts notifications may reach. Reading
 * needs read access to the household's unit, changing needs write access.
 */
@Path("/api/v1/households/{id}/contacts")
@Blocking
public class HouseholdContactResource {
  @Inject HouseholdRepository households;
  @Inject RecipientRepository recipients;
  @Inject Access access;

  @POST
  public Response add(
      @Context ContainerRequestContext request, @PathParam("id") String id, RecipientForm body) {
    access.requireWrite(Authentication.of(request), unitOf(id));
    RecipientForm form = Bodies.required(body);
    return Response.status(201).entity(RecipientView.of(recipients.addContact(id, form))).build();
  }

  @GET
  public List<RecipientView> list(
      @Context ContainerRequestContext request, @PathParam("id") String id) {
    access.requireRead(Authentication.of(request), unitOf(id));
    return recipients.contacts(id).stream().map(RecipientView::of).toList();
  }

  @DELETE
  @Path("{contactId}")
  public Response delete(
      @Context ContainerRequestContext request,
      @PathParam("id") String id,
      @PathParam("contactId") String contactId) {
    access.requireWrite(Authentication.of(request), unitOf(id));
    recipients.deleteContact(id, contactId);
    return Response.noContent().build();
  }

  private String unitOf(String householdId) {
    return households
        .get(householdId)
        .orElseThrow(() -> new NotFoundException("household", householdId))
        .unitId();
  }
}
