package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.notify.NotificationLog;
import org.citysense.cloud.notify.Recipient;
import org.citysense.cloud.notify.RecipientForm;
import org.citysense.cloud.notify.RecipientRepository;
import org.citysense.cloud.registry.Household;
import org.citysense.cloud.registry.HouseholdRepository;
import org.citysense.cloud.registry.NotFoundException;

/**
 * {@code /api/v1/households/{id}/contacts}: the family contacts notifications may reach. Reading
 * needs read access to the household's unit, changing write access; a family member reads, adds and
 * opts out the contacts of its own households. Phones are whole for admins and the unit's operators
 * only ({@link PhoneMask}).
 */
@Path("/api/v1/households/{id}/contacts")
@Blocking
public class HouseholdContactResource {
  @Inject HouseholdRepository households;
  @Inject RecipientRepository recipients;
  @Inject Access access;
  @Inject DataSource dataSource;
  @Inject Clock clock;

  private NotificationLog notifications;

  @PostConstruct
  void init() {
    notifications = new NotificationLog(dataSource);
  }

  @POST
  public Response add(
      @Context ContainerRequestContext request, @PathParam("id") String id, RecipientForm body) {
    Principal caller = Authentication.of(request);
    Household household = changeable(caller, id);
    RecipientForm form = Bodies.required(body);
    return Response.status(201)
        .entity(view(caller, household, recipients.addContact(id, form)))
        .build();
  }

  @GET
  public List<RecipientView> list(
      @Context ContainerRequestContext request, @PathParam("id") String id) {
    Principal caller = Authentication.of(request);
    Household household = household(id);
    access.requireHousehold(caller, id, household.unitId());
    return recipients.contacts(id).stream().map(r -> view(caller, household, r)).toList();
  }

  /**
   * The contact gets nothing more (as after a STOP reply, but this contact only); what was queued
   * for it is dropped.
   */
  @POST
  @Path("{contactId}/opt-out")
  @Consumes(MediaType.WILDCARD)
  public RecipientView optOut(
      @Context ContainerRequestContext request,
      @PathParam("id") String id,
      @PathParam("contactId") String contactId) {
    Principal caller = Authentication.of(request);
    Household household = changeable(caller, id);
    Recipient r = recipients.optOutContact(id, contactId);
    notifications.suppressQueuedToRecipient(r.id(), "opted out", clock.instant());
    return view(caller, household, r);
  }

  @DELETE
  @Path("{contactId}")
  public Response delete(
      @Context ContainerRequestContext request,
      @PathParam("id") String id,
      @PathParam("contactId") String contactId) {
    access.requireWrite(Authentication.of(request), household(id).unitId());
    recipients.deleteContact(id, contactId);
    return Response.noContent().build();
  }

  /** Family members change their own households' contacts; the others need write access. */
  private Household changeable(Principal caller, String id) {
    Household household = household(id);
    if (caller.isFamily()) {
      access.requireHousehold(caller, id, household.unitId());
    } else {
      access.requireWrite(caller, household.unitId());
    }
    return household;
  }

  private RecipientView view(Principal caller, Household household, Recipient r) {
    return RecipientView.of(r, access.seesContactDetails(caller, household.unitId()));
  }

  private Household household(String householdId) {
    return households
        .get(householdId)
        .orElseThrow(() -> new NotFoundException("household", householdId));
  }
}
