package org.citysense.cloud.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.citysense.cloud.evaluate.Category;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.profiles.wire.EdgeAction;

/**
 * An event as stored and served: what happened to which subject, where it is routed, and where it
 * stands in its lifecycle.
 *
 * @param subjectKind {@code point}, {@code device}, {@code station} or {@code gateway}
 * @param unitId the unit it is routed to; visible to that unit and the units above it
 * @param count signals merged into this event (the first included)
 * @param openedAt event time of the first signal
 * @param lastSeenAt event time of the latest signal
 * @param raisedAt the cloud's clock when it was created
 * @param dueAt raisedAt plus the SLA of its severity
 * @param late whether the first signal's reading was older than the rule set's lateAfter on arrival
 * @param test whether its device was in maintenance mode: reaches no family
 * @param edge whether the gateway raised it (alone or together with a cloud rule)
 * @param conditionCleared whether the condition has cleared since (events that do not auto-resolve)
 */
public record Event(
    long id,
    String ruleId,
    RuleType ruleType,
    Severity severity,
    Category category,
    String subjectKind,
    String subjectId,
    String deviceId,
    String stationId,
    String householdId,
    String gatewayId,
    String unitId,
    EventStatus status,
    String summary,
    Map<String, Object> details,
    long count,
    Double firstValue,
    Double lastValue,
    Instant openedAt,
    Instant lastSeenAt,
    Instant raisedAt,
    Instant dueAt,
    boolean late,
    boolean test,
    boolean edge,
    boolean conditionCleared,
    List<EdgeAction> actions,
    String assignee,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt,
    String resolvedBy,
    Instant closedAt,
    String closedBy) {
  public Event {
    details = details == null ? Map.of() : Map.copyOf(details);
    actions = actions == null ? List.of() : List.copyOf(actions);
  }
}
