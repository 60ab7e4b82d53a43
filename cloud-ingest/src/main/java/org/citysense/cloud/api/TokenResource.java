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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.citysense.cloud.auth.IssuedToken;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenInfo;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.NotFoundException;

/** {@code /api/v1/tokens}: admins issue, list and revoke bearer tokens. */
@Path("/api/v1/tokens")
@Blocking
public class TokenResource {
  /**
   * @param role admin, operator, viewer or gateway
   * @param unitId the unit an operator (required) or viewer (optional) is bound to
   * @param gatewayId the gateway of a gateway token
   */
  public record NewToken(String role, String subject, String unitId, String gatewayId) {}

  /** A token just issued; {@code token} is its secret, shown this once. */
  public record Issued(TokenInfo info, String token) {}

  @Inject TokenService tokens;
  @Inject Access access;

  @POST
  public Response issue(@Context ContainerRequestContext request, NewToken body) {
    access.requireAdmin(Authentication.of(request), "issue tokens");
    NewToken t = Bodies.required(body);
    IssuedToken issued = tokens.issue(role(t.role()), t.subject(), t.unitId(), t.gatewayId());
    return Response.status(201).entity(new Issued(issued.info(), issued.secret())).build();
  }

  /** Every token, revoked ones with their time; never a secret. */
  @GET
  public List<TokenInfo> list(@Context ContainerRequestContext request) {
    access.requireAdmin(Authentication.of(request), "list tokens");
    return tokens.list();
  }

  @DELETE
  @Path("{id}")
  public Response revoke(@Context ContainerRequestContext request, @PathParam("id") String id) {
    access.requireAdmin(Authentication.of(request), "revoke tokens");
    if (!tokens.revoke(id)) {
      throw new NotFoundException("token", id);
    }
    return Response.noContent().build();
  }

  private static Role role(String name) {
    for (Role r : Role.values()) {
      if (r.id().equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new FieldException(
        "role",
        "\""
            + name
            + "\" is not one of "
            + Arrays.stream(Role.values()).map(Role::id).collect(Collectors.joining(", ")));
  }
}
