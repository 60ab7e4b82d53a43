package org.citysense.cloud.api;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.citysense.cloud.events.AuditEntry;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.notify.text.TemplatedMessageText;
import org.citysense.profiles.wire.EdgeAction;

/**
 * An event as the alert API shows it: enums spelled as their ids, edge actions in plain words, and
 * the audit trail on the single-event view.
 *
 * @param topic what it is about, as the messages name it ({@code gas_leak}, {@code
 *     pm25_above_neighbours}, {@code no_water_use}…; {@code other} when none fits): a console words
 *     it in its reader's language
 * @param audit every transition, oldest first; null in lists
 */
public record EventView(
    long id,
    String ruleId,
    String ruleType,
    String severity,
    String category,
    String status,
    String subject,
    String deviceId,
    String stationId,
    String householdId,
    String gatewayId,
    String unitId,
    String summary,
    String topic,
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
    List<ActionView> actions,
    String assignee,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt,
    String resolvedBy,
    Instant closedAt,
    String closedBy,
    List<AuditView> audit) {

  /** What the gateway did about an alarm, e.g. closed the valve. */
  public record ActionView(String deviceId, String point, Object value, boolean ok, String detail) {
    static ActionView of(EdgeAction a) {
      Object value =
          a.value() == null
              ? null
              : a.value() instanceof org.citysense.profiles.model.Value.Bool b
                  ? (Object) b.value()
                  : (Object) a.value().asDouble();
      return new ActionView(a.deviceId(), a.point(), value, a.ok(), a.detail());
    }
  }

  /** One transition of the event. */
  public record AuditView(
      Instant at, String actor, String action, String from, String to, String note) {
    static AuditView of(AuditEntry a) {
      return new AuditView(
          a.at(),
          a.actor(),
          a.action(),
          a.from() == null ? null : a.from().id(),
          a.to() == null ? null : a.to().id(),
          a.note());
    }
  }

  public static EventView of(Event e, List<AuditEntry> audit) {
    return new EventView(
        e.id(),
        e.ruleId(),
        e.ruleType().id(),
        e.severity().id(),
        e.category().id(),
        e.status().id(),
        e.subjectKind() + ":" + e.subjectId(),
        e.deviceId(),
        e.stationId(),
        e.householdId(),
        e.gatewayId(),
        e.unitId(),
        e.summary(),
        TemplatedMessageText.topic(e).name().toLowerCase(Locale.ROOT),
        e.details(),
        e.count(),
        e.firstValue(),
        e.lastValue(),
        e.openedAt(),
        e.lastSeenAt(),
        e.raisedAt(),
        e.dueAt(),
        e.late(),
        e.test(),
        e.edge(),
        e.conditionCleared(),
        e.actions().stream().map(ActionView::of).toList(),
        e.assignee(),
        e.acknowledgedAt(),
        e.acknowledgedBy(),
        e.resolvedAt(),
        e.resolvedBy(),
        e.closedAt(),
        e.closedBy(),
        audit == null ? null : audit.stream().map(AuditView::of).toList());
  }
}
