package org.citysense.cloud.evaluate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.profiles.wire.EdgeAction;

/**
 * What an evaluator found for one subject: its condition holds ({@link Kind#RAISE}, sent again on
 * every observation that still meets it) or no longer holds ({@link Kind#CLEAR}). The event service
 * turns signals into events: one open event per (rule, subject).
 *
 * @param device the device concerned; null for station and gateway subjects
 * @param stationId the station concerned, or null
 * @param unitId the unit the event is routed to
 * @param at event time: the timestamp of the reading (or the silence) that decided
 * @param value the deciding value, or null
 * @param summary one line for people, e.g. "PM2.5 48.0 µg/m³ is 41 % above its 3 neighbours"
 * @param details facts for the event's detail view (neighbours and means, limits, rates)
 * @param edge whether the gateway raised this itself
 * @param actions what the gateway did about it (edge events only)
 */
public record Signal(
    Kind kind,
    String ruleId,
    RuleType ruleType,
    Severity severity,
    Category category,
    boolean autoResolve,
    SubjectKey subject,
    DeviceContext device,
    String stationId,
    String unitId,
    Instant at,
    Double value,
    String summary,
    Map<String, Object> details,
    boolean edge,
    List<EdgeAction> actions) {
  public enum Kind {
    RAISE,
    CLEAR
  }

  public Signal {
    details = details == null ? Map.of() : Map.copyOf(details);
    actions = actions == null ? List.of() : List.copyOf(actions);
  }
}
