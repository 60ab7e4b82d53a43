package org.citysense.cloud.api;

import java.util.HashSet;
import java.util.Set;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.registry.UnitRepository;

/**
 * Which events a caller sees: those of its unit and every unit below it (all for admins and for
 * people issued for all units), narrowed to {@code ?unit=} when given; a family member those of its
 * households.
 */
final class EventScope {
  /**
   * @param unitIds the units to filter on; null for all
   * @param householdIds the households to filter on; null for any
   */
  record Visible(Set<String> unitIds, Set<String> householdIds) {
    boolean shows(Event e) {
      return (unitIds == null || unitIds.contains(e.unitId()))
          && (householdIds == null || householdIds.contains(e.householdId()));
    }
  }

  private final UnitRepository units;
  private final Access access;

  EventScope(UnitRepository units, Access access) {
    this.units = units;
    this.access = access;
  }

  Visible visible(Principal caller, String unitFilter) {
    access.refuseGateway(caller);
    if (caller.isFamily()) {
      if (unitFilter != null && !unitFilter.isBlank()) {
        throw new ApiException(403, Access.FAMILY_ONLY + "; leave out unit", "unit");
      }
      return new Visible(null, caller.householdIds());
    }
    return new Visible(visibleUnits(caller, unitFilter), null);
  }

  /** The units to filter on; null for all. Refuses family tokens: they see no unit. */
  Set<String> visibleUnits(Principal caller, String unitFilter) {
    access.refuseGateway(caller);
    access.refuseFamily(caller);
    if (unitFilter != null && !unitFilter.isBlank()) {
      access.requireRead(caller, unitFilter);
      return units.subtree(unitFilter);
    }
    if (caller.coversAllUnits()) {
      return null;
    }
    return new HashSet<>(units.subtree(caller.unitId()));
  }

  /** An event outside the caller's units or households is answered as if it did not exist. */
  void requireVisible(Principal caller, Event event) {
    boolean shown =
        caller.isFamily()
            ? caller.householdIds().contains(event.householdId())
            : access.canRead(caller, event.unitId());
    if (!shown) {
      throw new NotFoundException("event", String.valueOf(event.id()));
    }
  }
}
