package org.citysense.cloud.events;

import java.time.Instant;
import java.util.Set;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;

/**
 * A query over events. Empty sets and null fields mean "any".
 *
 * @param unitIds the units whose events may be returned (the caller's visible subtree, narrowed by
 *     the unit filter); null for all units
 * @param householdIds the households whose events may be returned (a family's); null for any
 * @param stationId events of this station (its own and its devices'); null for any
 * @param deviceId events of this device; null for any
 * @param from events opened at or after this event time
 * @param to events opened before this event time
 */
public record EventFilter(
    Set<EventStatus> statuses,
    Set<Severity> severities,
    Set<RuleType> ruleTypes,
    Set<String> unitIds,
    Set<String> householdIds,
    String stationId,
    String deviceId,
    Instant from,
    Instant to,
    int offset,
    int limit) {
  public EventFilter {
    statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    severities = severities == null ? Set.of() : Set.copyOf(severities);
    ruleTypes = ruleTypes == null ? Set.of() : Set.copyOf(ruleTypes);
    unitIds = unitIds == null ? null : Set.copyOf(unitIds);
    householdIds = householdIds == null ? null : Set.copyOf(householdIds);
  }

  /** A filter over any device. */
  public EventFilter(
      Set<EventStatus> statuses,
      Set<Severity> severities,
      Set<RuleType> ruleTypes,
      Set<String> unitIds,
      Set<String> householdIds,
      String stationId,
      Instant from,
      Instant to,
      int offset,
      int limit) {
    this(
        statuses,
        severities,
        ruleTypes,
        unitIds,
        householdIds,
        stationId,
        null,
        from,
        to,
        offset,
        limit);
  }

  /** A filter over any household and device. */
  public EventFilter(
      Set<EventStatus> statuses,
      Set<Severity> severities,
      Set<RuleType> ruleTypes,
      Set<String> unitIds,
      String stationId,
      Instant from,
      Instant to,
      int offset,
      int limit) {
    this(statuses, severities, ruleTypes, unitIds, null, stationId, from, to, offset, limit);
  }
}
