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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.citysense.cloud.auth.IssuedToken;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenInfo;
import org.citysense.cloud.auth.TokenScope;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.HouseholdRepository;
import org.citysense.cloud.registry.NotFoundException;

/**
 * {@code /api/v1/tokens}: admins issue, list and revoke bearer tokens; operators do so for family
 * tokens whose households all lie in their unit's subtree.
 */
@Path("/api/v1/tokens")
@Blocking
public class TokenResource {
  /**
   * @param role admin, operator, viewer, family or gateway
   * @param unitId the unit an operator or viewer is bound to, with its subtree
   * @param allUnits true instead of a unit: an operator or viewer for the whole deployment
   * @param households the households a family token sees
   * @param gatewayId the gateway of a gateway token
   */
  public record NewToken(
      String role,
      String subject,
      String unitId,
      Boolean allUnits,
      List<String> households,
      String gatewayId) {
    TokenScope scope() {
      return new TokenScope(
          unitId,
          Boolean.TRUE.equals(allUnits),
          households == null ? Set.of() : new HashSet<>(households),
          gatewayId);
    }
  }

  /** A token just issued; {@code token} is its secret, shown this once. */
  public record Issued(TokenInfo info, String token) {}

  @Inject TokenService tokens;
  @Inject HouseholdRepository households;
  @Inject Access access;

  @POST
  public Response issue(@Context ContainerRequestContext request, NewToken body) {
    Principal caller = Authentication.of(request);
    NewToken t = Bodies.required(body);
    Role role = role(t.role());
    TokenScope scope = t.scope();
    if (role != Role.FAMILY || caller.role() != Role.OPERATOR) {
      access.requireAdmin(caller, "issue " + role.id() + " tokens");
    }
    requireHouseholds(caller, scope.householdIds());
    IssuedToken issued = tokens.issue(role, t.subject(), scope);
    return Response.status(201).entity(new Issued(issued.info(), issued.secret())).build();
  }

  /** Every token, revoked ones with their time; never a secret. An operator's family tokens. */
  @GET
  public List<TokenInfo> list(@Context ContainerRequestContext request) {
    Principal caller = Authentication.of(request);
    if (caller.role() == Role.OPERATOR) {
      return tokens.list().stream().filter(t -> operatorsFamily(caller, t)).toList();
    }
    access.requireAdmin(caller, "list tokens");
    return tokens.list();
  }

  @DELETE
  @Path("{id}")
  public Response revoke(@Context ContainerRequestContext request, @PathParam("id") String id) {
    Principal caller = Authentication.of(request);
    if (caller.role() == Role.OPERATOR) {
      TokenInfo token =
          tokens
              .get(id)
              .filter(t -> operatorsFamily(caller, t))
              .orElseThrow(() -> new NotFoundException("token", id));
      tokens.revoke(token.id());
      return Response.noContent().build();
    }
    access.requireAdmin(caller, "revoke tokens");
    if (!tokens.revoke(id)) {
      throw new NotFoundException("token", id);
    }
    return Response.noContent().build();
  }

  /** Whether {@code token} is a family token of households all within the operator's units. */
  private boolean operatorsFamily(Principal operator, TokenInfo token) {
    return token.role() == Role.FAMILY
        && token.householdIds().stream()
            .allMatch(
                h ->
                    households
                        .get(h)
                        .map(household -> access.canRead(operator, household.unitId()))
                        .orElse(false));
  }

  /** An operator issues family tokens for the households of its units only. */
  private void requireHouseholds(Principal caller, Set<String> householdIds) {
    for (String id : householdIds) {
      households.get(id).ifPresent(h -> access.requireWrite(caller, h.unitId()));
    }
  }

  static Role role(String name) {
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
