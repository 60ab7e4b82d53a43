package org.citysense.cloud.auth;

import org.citysense.cloud.registry.UnitRepository;

/**
 * Which units a principal may see or change: admins all; operators and viewers their unit and its
 * subtree, or all units when issued so; family members and gateways none through this path (they
 * act on their own households or gateway only).
 */
public final class UnitScope {
  private final UnitRepository units;

  public UnitScope(UnitRepository units) {
    this.units = units;
  }

  public boolean covers(Principal principal, String unitId) {
    if (principal.coversAllUnits()) {
      return true;
    }
    if (principal.isGateway() || principal.isFamily() || principal.unitId() == null) {
      return false;
    }
    return units.isWithin(unitId, principal.unitId());
  }
}
