package org.citysense.cloud.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A stored token, without its secret.
 *
 * @param unitId the unit an operator or viewer is bound to, with its subtree; null otherwise
 * @param allUnits whether an operator or viewer covers the whole deployment (an admin's choice)
 * @param householdIds the households of a family token; empty otherwise
 * @param gatewayId the gateway of a gateway token; null otherwise
 * @param revokedAt null while valid
 */
public record TokenInfo(
    String id,
    Role role,
    String subject,
    String unitId,
    boolean allUnits,
    Set<String> householdIds,
    String gatewayId,
    Instant createdAt,
    Instant revokedAt) {
  public TokenInfo {
    householdIds = householdIds == null ? Set.of() : Set.copyOf(householdIds);
  }

  public TokenScope scope() {
    return new TokenScope(unitId, allUnits, householdIds, gatewayId);
  }
}
