package org.citysense.cloud.auth;

import java.util.Set;

/**
 * Who is calling, as established from a bearer token.
 *
 * @param subject the gateway id for gateway tokens, the token's name for people
 * @param scope what the token covers (see {@link TokenScope})
 */
public record Principal(String tokenId, String subject, Role role, TokenScope scope) {
  public boolean isGateway() {
    return role == Role.GATEWAY;
  }

  public boolean isFamily() {
    return role == Role.FAMILY;
  }

  /** Admins and operators change what is in their scope; the others only read. */
  public boolean canWrite() {
    return role == Role.ADMIN || role == Role.OPERATOR;
  }

  /** Whether the token covers every unit: an admin, or a person issued for all units. */
  public boolean coversAllUnits() {
    return role == Role.ADMIN || (!isFamily() && !isGateway() && scope.allUnits());
  }

  /** The unit an operator or viewer is bound to; null for the others. */
  public String unitId() {
    return scope.unitId();
  }

  /** The households of a family token; empty for the others. */
  public Set<String> householdIds() {
    return scope.householdIds();
  }
}
