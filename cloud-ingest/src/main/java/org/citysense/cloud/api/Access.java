package org.citysense.cloud.api;

import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.UnitScope;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.NotFoundException;

/**
 * Who may do what, answered as 403 with a message naming the role or the unit: admins everything;
 * operators read and write inside their unit's subtree; viewers read inside theirs; family members
 * only what belongs to their households ({@link #requireHousehold}), never a unit; gateways only
 * ingest and register their own devices, never through these checks.
 */
public final class Access {
  private final UnitScope scope;

  public Access(UnitScope scope) {
    this.scope = scope;
  }

  public void requireAdmin(Principal caller, String action) {
    if (caller.role() != Role.ADMIN) {
      throw new ApiException(
          403, "only an admin token may " + action + "; this token is a " + caller.role().id());
    }
  }

  /** Reading what belongs to {@code unitId}. */
  public void requireRead(Principal caller, String unitId) {
    refuseGateway(caller);
    refuseFamily(caller);
    if (!scope.covers(caller, unitId)) {
      throw outside(caller, unitId);
    }
  }

  /** Whether {@code caller} may read {@code unitId}, for filtering lists. */
  public boolean canRead(Principal caller, String unitId) {
    return !caller.isGateway() && scope.covers(caller, unitId);
  }

  /** Creating or changing what belongs to {@code unitId}. */
  public void requireWrite(Principal caller, String unitId) {
    refuseGateway(caller);
    refuseFamily(caller);
    if (!caller.canWrite()) {
      throw new ApiException(
          403, "a " + caller.role().id() + " token reads only; it cannot create or change");
    }
    if (!scope.covers(caller, unitId)) {
      throw outside(caller, unitId);
    }
  }

  /**
   * Reading what belongs to a household: a family member its own households (another one is
   * answered as if it did not exist), the others by the household's unit.
   */
  public void requireHousehold(Principal caller, String householdId, String unitId) {
    if (caller.isFamily()) {
      if (!caller.householdIds().contains(householdId)) {
        throw new NotFoundException("household", householdId);
      }
      return;
    }
    requireRead(caller, unitId);
  }

  /** Whether {@code caller} sees whole phone numbers and push tokens of the unit's people. */
  public boolean seesContactDetails(Principal caller, String unitId) {
    return caller.canWrite() && scope.covers(caller, unitId);
  }

  /** Family members act on their households only, never on a unit. */
  public void refuseFamily(Principal caller) {
    if (caller.isFamily()) {
      throw new ApiException(403, FAMILY_ONLY);
    }
  }

  static final String FAMILY_ONLY =
      "a family token reads its households' events, devices, readings and contacts, acknowledges"
          + " their events and adds or opts out their contacts; nothing else";

  /** Gateways act on their own gateway only, never on the registry at large. */
  public void refuseGateway(Principal caller) {
    if (caller.isGateway()) {
      throw new ApiException(
          403, "a gateway token may only send batches and register its own devices");
    }
  }

  private static RuntimeException outside(Principal caller, String unitId) {
    if (unitId == null) {
      return new FieldException("unitId", "missing; name the unit");
    }
    if (caller.unitId() == null) {
      return new ApiException(403, "unit " + unitId + " is outside this token's scope");
    }
    return new ApiException(
        403,
        "unit "
            + unitId
            + " is outside unit "
            + caller.unitId()
            + " of this "
            + caller.role().id()
            + " token");
  }
}
