package org.citysense.cloud.auth;

import org.citysense.cloud.registry.UnitRepository;

/**
 * Which units a principal may see or change: admins all; operators and viewers their unit and its
 * subtree (all, when bound to none); gateways none through this path (they act on their own gateway
 * only).
 */
public final class UnitScope {
  private final UnitRepository units;

  public UnitScope(UnitRepository units) {
    this.units = units;
  }

  public boolean covers(Principal principal, String unitId) {
    if (principal.role() == Role.ADMIN) {
      return true;
    }
    if (principal.role() == Role.GATEWAY) {
      return false;
    }
    return principal.unitId() == null || units.isWithin(unitId, principal.unitId());
  }
}
