package org.citysense.cloud.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A named account for the console, without its password: the same role and scope a token has.
 *
 * @param unitId the unit an operator or viewer is bound to, with its subtree; null otherwise
 * @param allUnits whether an operator or viewer covers the whole deployment
 * @param householdIds the households of a family account; empty otherwise
 * @param disabled a disabled account signs in no more, and its sessions are ended
 */
public record Account(
    String username,
    Role role,
    String unitId,
    boolean allUnits,
    Set<String> householdIds,
    boolean disabled,
    Instant createdAt) {
  public Account {
    householdIds = householdIds == null ? Set.of() : Set.copyOf(householdIds);
  }

  public TokenScope scope() {
    return new TokenScope(unitId, allUnits, householdIds, null);
  }
}
