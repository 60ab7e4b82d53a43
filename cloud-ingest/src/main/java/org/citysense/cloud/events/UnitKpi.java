package org.citysense.cloud.events;

/**
 * The closed loop measured for one unit's events raised within a period.
 *
 * @param unitId the unit, or {@code null} for the total of all requested units
 * @param raised events raised in the period
 * @param resolved of those, resolved (or closed) by now
 * @param closed of those, closed by now
 * @param closureRate closed / raised, 0 when none were raised
 * @param meanSecondsToResolve mean of resolvedAt − raisedAt over the resolved ones, null if none
 * @param overdue of those, still unresolved past their due time, or resolved after it
 */
public record UnitKpi(
    String unitId,
    long raised,
    long resolved,
    long closed,
    double closureRate,
    Double meanSecondsToResolve,
    long overdue) {}
