package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.citysense.cloud.auth.Account;
import org.citysense.cloud.auth.AccountService;
import org.citysense.cloud.auth.TokenScope;
import org.citysense.cloud.registry.NotFoundException;

/**
 * {@code /api/v1/accounts}: an admin (by token, such as the bootstrap token, or by an admin
 * account's session) creates named accounts for the console, with the role and scope a token would
 * have; lists, changes, disables and deletes them. Changing, disabling or deleting an account ends
 * its sessions.
 */
@Path("/api/v1/accounts")
@Blocking
public class AccountResource {
  /**
   * @param role admin, operator, viewer or family
   * @param unitId the unit an operator or viewer is bound to, with its subtree
   * @param allUnits true instead of a unit: an operator or viewer for the whole deployment
   * @param households the households a family member sees
   */
  public record NewAccount(
      String username,
      String password,
      String role,
      String unitId,
      Boolean allUnits,
      List<String> households) {}

  /** A new role and scope for an account. */
  public record Change(String role, String unitId, Boolean allUnits, List<String> households) {}

  public record NewPassword(String password) {}

  @Inject AccountService accounts;
  @Inject Access access;

  @POST
  public Response create(@Context ContainerRequestContext request, NewAccount body) {
    access.requireAdmin(Authentication.of(request), "create accounts");
    NewAccount a = Bodies.required(body);
    Account created =
        accounts.create(
            a.username(),
            a.password(),
            TokenResource.role(a.role()),
            scope(a.unitId(), a.allUnits(), a.households()));
    return Response.status(201).entity(created).build();
  }

  @GET
  public List<Account> list(@Context ContainerRequestContext request) {
    access.requireAdmin(Authentication.of(request), "list accounts");
    return accounts.list();
  }

  @GET
  @Path("{username}")
  public Account get(
      @Context ContainerRequestContext request, @PathParam("username") String username) {
    access.requireAdmin(Authentication.of(request), "read accounts");
    return accounts.get(username).orElseThrow(() -> new NotFoundException("account", username));
  }

  @PUT
  @Path("{username}")
  public Account change(
      @Context ContainerRequestContext request,
      @PathParam("username") String username,
      Change body) {
    access.requireAdmin(Authentication.of(request), "change accounts");
    Change c = Bodies.required(body);
    return accounts.change(
        username, TokenResource.role(c.role()), scope(c.unitId(), c.allUnits(), c.households()));
  }

  @POST
  @Path("{username}/disable")
  public Account disable(
      @Context ContainerRequestContext request, @PathParam("username") String username) {
    access.requireAdmin(Authentication.of(request), "disable accounts");
    return accounts.setDisabled(username, true);
  }

  @POST
  @Path("{username}/enable")
  public Account enable(
      @Context ContainerRequestContext request, @PathParam("username") String username) {
    access.requireAdmin(Authentication.of(request), "enable accounts");
    return accounts.setDisabled(username, false);
  }

  @POST
  @Path("{username}/password")
  public Response password(
      @Context ContainerRequestContext request,
      @PathParam("username") String username,
      NewPassword body) {
    access.requireAdmin(Authentication.of(request), "set passwords");
    accounts.setPassword(username, Bodies.required(body).password());
    return Response.noContent().build();
  }

  @DELETE
  @Path("{username}")
  public Response delete(
      @Context ContainerRequestContext request, @PathParam("username") String username) {
    access.requireAdmin(Authentication.of(request), "delete accounts");
    if (!accounts.delete(username)) {
      throw new NotFoundException("account", username);
    }
    return Response.noContent().build();
  }

  private static TokenScope scope(String unitId, Boolean allUnits, List<String> households) {
    Set<String> ids = households == null ? Set.of() : new HashSet<>(households);
    return new TokenScope(unitId, Boolean.TRUE.equals(allUnits), ids, null);
  }
}
