package org.citysense.cloud.overview;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.citysense.cloud.events.AuditEntry;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.notify.Notification;
import org.citysense.cloud.rules.NeighbourRule;
import org.citysense.cloud.rules.NoConsumptionRule;
import org.citysense.cloud.rules.Rule;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.rules.RuleWriter;
import org.citysense.cloud.rules.ThresholdRule;

/**
 * Merges an event's audit trail and delivery log into one story in time order, and explains the
 * rule: its parameters in force and what it compared the readings with. An SMS reply shows twice,
 * as the audit step it caused (actor {@code sms:} and the masked number) and on the message to that
 * number ({@code repliedAt}). Plain Java: the caller reads the rows and checks the caller's scope.
 */
public final class EventTimeline {
  /** How much of the readings before the event the chart shows, at least. */
  static final Duration BEFORE = Duration.ofHours(1);

  private static final String SMS = "sms:";

  private final UnaryOperator<String> mask;
  private final Function<String, List<String>> stationDevices;

  /**
   * @param mask masks a phone number or push token as the API does
   * @param stationDevices a station's device ids (empty when it has none or does not exist)
   */
  public EventTimeline(UnaryOperator<String> mask, Function<String, List<String>> stationDevices) {
    this.mask = mask;
    this.stationDevices = stationDevices;
  }

  public Timeline of(
      Event event,
      List<AuditEntry> audit,
      List<Notification> notifications,
      RuleSet rules,
      Instant now) {
    // who replied by SMS: the first step each number's reply caused
    Map<String, AuditEntry> replies = new HashMap<>();
    for (AuditEntry a : audit) {
      if (a.actor() != null && a.actor().startsWith(SMS)) {
        replies.putIfAbsent(a.actor().substring(SMS.length()), a);
      }
    }
    List<TimelineEntry> entries = new ArrayList<>();
    for (AuditEntry a : audit) {
      entries.add(
          new TimelineEntry(
              a.at(),
              "audit",
              a.action(),
              actor(a.actor()),
              a.from() == null ? null : a.from().id(),
              a.to().id(),
              a.note(),
              null));
    }
    for (Notification n : notifications) {
      AuditEntry reply = replies.get(n.address());
      boolean webhook = "webhook".equals(n.recipientRole());
      entries.add(
          new TimelineEntry(
              n.createdAt(),
              "notification",
              n.kind(),
              n.recipientId(),
              null,
              null,
              null,
              new TimelineEntry.Delivery(
                  n.id(),
                  n.recipientId(),
                  n.recipientRole(),
                  n.channel(),
                  webhook ? n.address() : mask.apply(n.address()),
                  n.escalationLevel(),
                  n.status(),
                  n.reason(),
                  n.attempts(),
                  n.submittedAt(),
                  n.updatedAt(),
                  reply == null ? null : reply.at(),
                  reply == null ? null : reply.action())));
    }
    // stable: at the same instant the audit step (raised) comes before the messages it caused
    entries.sort(Comparator.comparing(TimelineEntry::at));
    Rule rule = rules.rule(event.ruleId()).orElse(null);
    return new Timeline(
        event.id(),
        entries,
        event.summary(),
        event.details(),
        rule == null ? null : new RuleWriter().toDocument(rule),
        compared(event, rule, now));
  }

  private String actor(String actor) {
    return actor != null && actor.startsWith(SMS)
        ? SMS + mask.apply(actor.substring(SMS.length()))
        : actor;
  }

  private Comparison compared(Event event, Rule rule, Instant now) {
    Map<String, Object> d = event.details();
    Instant to = event.resolvedAt() == null ? now : min(event.resolvedAt().plus(BEFORE), now);
    Instant from = event.openedAt().minus(BEFORE);
    String quantity = d.get("quantity") instanceof String q ? q : null;
    if (rule instanceof ThresholdRule t) {
      return new Comparison(
          "threshold",
          event.deviceId(),
          t.quantity().id(),
          from,
          to,
          d.get("limit") instanceof Number n ? n.doubleValue() : null,
          t.above() ? "above" : "below",
          null,
          null,
          null,
          null);
    }
    if (rule instanceof NeighbourRule r) {
      List<Comparison.Neighbour> neighbours = new ArrayList<>();
      if (d.get("neighbours") instanceof List<?> listed) {
        for (Object o : listed) {
          if (o instanceof Map<?, ?> m && m.get("stationId") instanceof String station) {
            neighbours.add(
                new Comparison.Neighbour(
                    station,
                    number(m.get("distanceKm")),
                    number(m.get("mean")),
                    stationDevices.apply(station)));
          }
        }
      }
      Instant since = event.openedAt().minus(r.window());
      return new Comparison(
          "neighbours",
          event.deviceId(),
          r.quantity().id(),
          min(from, since),
          to,
          null,
          "above",
          1 + r.ratio(),
          neighbours,
          null,
          null);
    }
    if (rule instanceof NoConsumptionRule r) {
      Instant silentSince = instant(d.get("silentSince"));
      return new Comparison(
          "window",
          event.deviceId(),
          r.quantity().id(),
          silentSince == null ? from : min(from, silentSince.minus(BEFORE)),
          to,
          null,
          null,
          null,
          null,
          silentSince,
          event.lastSeenAt());
    }
    return new Comparison(
        "none", event.deviceId(), quantity, from, to, null, null, null, null, null, null);
  }

  private static Double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }

  private static Instant instant(Object o) {
    if (o instanceof String s) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
