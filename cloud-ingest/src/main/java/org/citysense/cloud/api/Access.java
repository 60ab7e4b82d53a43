package org.citysense.cloud.api;

import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.UnitScope;
import org.citysense.cloud.registry.FieldException;

/**
 * Who may do what, answered as 403 with a message naming the role or the unit: admins everything;
 * operators read and write inside their unit's subtree; viewers read inside theirs; gateways only
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
    if (!caller.canWrite()) {
      throw new ApiException(
          403, "a " + caller.role().id() + " token reads only; it cannot create or change");
    }
    if (!scope.covers(caller, unitId)) {
      throw outside(caller, unitId);
    }
  }

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
