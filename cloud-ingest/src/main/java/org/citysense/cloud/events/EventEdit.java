package org.citysense.cloud.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.citysense.cloud.evaluate.Category;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.profiles.wire.EdgeAction;

/** A copy of an event to change a few fields of: {@code edit.status = ...; edit.build()}. */
final class EventEdit {
  long id;
  String ruleId;
  RuleType ruleType;
  Severity severity;
  Category category;
  String subjectKind;
  String subjectId;
  String deviceId;
  String stationId;
  String householdId;
  String gatewayId;
  String unitId;
  EventStatus status;
  String summary;
  Map<String, Object> details;
  long count;
  Double firstValue;
  Double lastValue;
  Instant openedAt;
  Instant lastSeenAt;
  Instant raisedAt;
  Instant dueAt;
  boolean late;
  boolean test;
  boolean edge;
  boolean conditionCleared;
  List<EdgeAction> actions;
  String assignee;
  Instant acknowledgedAt;
  String acknowledgedBy;
  Instant resolvedAt;
  String resolvedBy;
  Instant closedAt;
  String closedBy;

  EventEdit(Event e) {
    id = e.id();
    ruleId = e.ruleId();
    ruleType = e.ruleType();
    severity = e.severity();
    category = e.category();
    subjectKind = e.subjectKind();
    subjectId = e.subjectId();
    deviceId = e.deviceId();
    stationId = e.stationId();
    householdId = e.householdId();
    gatewayId = e.gatewayId();
    unitId = e.unitId();
    status = e.status();
    summary = e.summary();
    details = e.details();
    count = e.count();
    firstValue = e.firstValue();
    lastValue = e.lastValue();
    openedAt = e.openedAt();
    lastSeenAt = e.lastSeenAt();
    raisedAt = e.raisedAt();
    dueAt = e.dueAt();
    late = e.late();
    test = e.test();
    edge = e.edge();
    conditionCleared = e.conditionCleared();
    actions = e.actions();
    assignee = e.assignee();
    acknowledgedAt = e.acknowledgedAt();
    acknowledgedBy = e.acknowledgedBy();
    resolvedAt = e.resolvedAt();
    resolvedBy = e.resolvedBy();
    closedAt = e.closedAt();
    closedBy = e.closedBy();
  }

  Event build() {
    return new Event(
        id,
        ruleId,
        ruleType,
        severity,
        category,
        subjectKind,
        subjectId,
        deviceId,
        stationId,
        householdId,
        gatewayId,
        unitId,
        status,
        summary,
        details,
        count,
        firstValue,
        lastValue,
        openedAt,
        lastSeenAt,
        raisedAt,
        dueAt,
        late,
        test,
        edge,
        conditionCleared,
        actions,
        assignee,
        acknowledgedAt,
        acknowledgedBy,
        resolvedAt,
        resolvedBy,
        closedAt,
        closedBy);
  }
}
