package org.citysense.cloud.api;

import java.util.HashSet;
import java.util.Set;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.registry.UnitRepository;

/**
 * Which units' events a caller sees: those of its unit and every unit below it (all for admins and
 * for people bound to no unit), narrowed to {@code ?unit=} when given.
 */
final class EventScope {
  private final UnitRepository units;
  private final Access access;

  EventScope(UnitRepository units, Access access) {
    this.units = units;
    this.access = access;
  }

  /** The units to filter on; null for all. */
  Set<String> visibleUnits(Principal caller, String unitFilter) {
    access.refuseGateway(caller);
    if (unitFilter != null && !unitFilter.isBlank()) {
      access.requireRead(caller, unitFilter);
      return units.subtree(unitFilter);
    }
    if (caller.role() == Role.ADMIN || caller.unitId() == null) {
      return null;
    }
    return new HashSet<>(units.subtree(caller.unitId()));
  }

  /** An event outside the caller's units is answered as if it did not exist. */
  void requireVisible(Principal caller, Event event) {
    if (!access.canRead(caller, event.unitId())) {
      throw new org.citysense.cloud.registry.NotFoundException("event", String.valueOf(event.id()));
    }
  }
}
