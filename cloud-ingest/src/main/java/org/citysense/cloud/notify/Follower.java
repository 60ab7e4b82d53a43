package org.citysense.cloud.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.events.EventStatus;
import org.citysense.cloud.events.TransitionException;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.rules.Severity;
import org.jboss.logging.Logger;

/**
 * Follows each event someone must hear of, from its raise to its end: whom the {@link
 * NotificationPolicy} says to tell and when (the rows it logs as queued or suppressed), flapping
 * and the same matter raised twice, reminders and escalation while nobody acknowledges, the
 * all-clear. What it follows is kept in memory and read back from the log after a start. Called
 * from the notifier's tick only.
 */
final class Follower {
  private static final Logger LOG = Logger.getLogger(Follower.class);

  /** The kinds of row that tell someone of an event. */
  static final Set<String> TOLD_KINDS =
      Set.of(Notification.ALARM, Notification.REMINDER, Notification.ESCALATION);

  /** How far back a restart looks for events still being followed. */
  static final Duration RESTORE_HORIZON = Duration.ofDays(7);

  /** An open event being followed: reminders and escalation. */
  private static final class Open {
    Event event;
    final Set<String> carried;
    final Instant raisedAt;

    /** What it tells about ({@link MessageText#matter}), or null. */
    String matter;

    /** The other open events of the same matter, acknowledged together with this one. */
    final Set<Long> sameMatter = new HashSet<>();

    Instant lastMessageAt;
    int reminders;
    int level;
    boolean escalating = true;
    boolean acknowledged;

    /** A family member acknowledged: no more reminders to the family; the staff still follow. */
    boolean familyAcknowledged;

    Open(Event event, Instant at, Set<String> carried) {
      this(event, at, at, carried);
    }

    Open(Event event, Instant raisedAt, Instant lastMessageAt, Set<String> carried) {
      this.event = event;
      this.lastMessageAt = lastMessageAt;
      this.raisedAt = raisedAt;
      this.carried = carried;
    }
  }

  /** A subject's event resolved: who had been told, for flap suppression. */
  private record Resolved(long eventId, Set<String> told, Instant at) {}

  private final NotificationLog log;
  private final NotificationPolicy policy;
  private final EventAccess events;
  private final MessageText text;
  private final Notifier.Config config;
  private final Random random = new Random();

  /** The events followed, by id. */
  private final Map<Long, Open> open = new LinkedHashMap<>();

  /** By subject (rule and subject). */
  private final Map<String, Resolved> resolved = new HashMap<>();

  Follower(
      NotificationLog log,
      NotificationPolicy policy,
      EventAccess events,
      MessageText text,
      Notifier.Config config) {
    this.log = log;
    this.policy = policy;
    this.events = events;
    this.text = text;
    this.config = config;
  }

  /** The followed copy of an event, if it is followed. */
  Optional<Event> followed(long id) {
    Open o = open.get(id);
    return o == null ? Optional.empty() : Optional.of(o.event);
  }

  /** The followed events take their newest copies (a repeat's value, an assignee). */
  void refresh(Event e) {
    Open o = open.get(e.id());
    if (o != null) {
      o.event = e;
    }
  }

  /** Forgets the resolved subjects whose flap window has passed. */
  void forgetResolved(Instant now) {
    resolved.values().removeIf(r -> !now.isBefore(r.at().plus(config.flapWindow())));
  }

  /**
   * Reads back the open and acknowledged events that were told of (after a restart): when the last
   * message went, how many reminders and how many escalation levels, from the log's rows.
   */
  void restore(Instant now) {
    int restored = 0;
    for (long id : log.eventsToldSince(now.minus(RESTORE_HORIZON))) {
      if (open.containsKey(id)) {
        continue;
      }
      Optional<Event> found = events.get(id);
      if (found.isEmpty()
          || (found.get().status() != EventStatus.OPEN
              && found.get().status() != EventStatus.ACKNOWLEDGED)) {
        continue;
      }
      Event e = found.get();
      List<Notification> history = log.forEvent(id);
      Instant last = e.raisedAt() == null ? now : e.raisedAt();
      Set<Instant> reminderRounds = new HashSet<>();
      int level = 0;
      for (Notification n : history) {
        boolean message =
            Notification.ALARM.equals(n.kind()) || Notification.REMINDER.equals(n.kind());
        if (message && n.createdAt().isAfter(last)) {
          last = n.createdAt();
        }
        if (Notification.REMINDER.equals(n.kind())) {
          reminderRounds.add(n.createdAt());
        }
        level = Math.max(level, n.escalationLevel());
      }
      Open o = new Open(e, e.raisedAt() == null ? last : e.raisedAt(), last, Set.of());
      o.reminders = reminderRounds.size();
      o.level = level;
      o.acknowledged = e.status() == EventStatus.ACKNOWLEDGED;
      o.familyAcknowledged = !o.acknowledged && events.familyAcknowledged(id);
      o.matter = text.matter(e).orElse(null);
      open.put(id, o);
      restored++;
    }
    // the same-matter links, as raised() makes them: acknowledged together, and only the
    // earliest of a matter escalates
    for (Open o : open.values()) {
      for (Open other : open.values()) {
        if (o != other && o.matter != null && o.matter.equals(other.matter)) {
          o.sameMatter.add(other.event.id());
          if (other.raisedAt.isBefore(o.raisedAt)) {
            o.escalating = false;
          }
        }
      }
    }
    int flapping = restoreResolved(now);
    if (restored > 0 || flapping > 0) {
      LOG.infof(
          "following %d open events again after a start, %d resolved ones within the flap"
              + " window",
          restored, flapping);
    }
  }

  /**
   * Reads back the events resolved within the flap window that had told people (their all-clear
   * rows are recent): a re-raise of the same subject soon after a restart still tells nobody twice.
   */
  private int restoreResolved(Instant now) {
    int n = 0;
    for (long id : log.eventsWithAllClearSince(now.minus(config.flapWindow()))) {
      Optional<Event> e = events.get(id);
      if (e.isEmpty() || e.get().status().active()) {
        continue;
      }
      List<Notification> history = log.forEvent(id);
      Set<String> told = told(history, false);
      Instant at =
          history.stream()
              .filter(r -> Notification.ALL_CLEAR.equals(r.kind()))
              .map(Notification::createdAt)
              .min(Instant::compareTo)
              .orElse(now);
      if (!told.isEmpty()) {
        resolved.merge(
            subject(e.get()),
            new Resolved(id, Set.copyOf(told), at),
            (a, b) -> a.at().isAfter(b.at()) ? a : b);
        n++;
      }
    }
    return n;
  }

  void handle(String kind, Event e, Instant at) {
    switch (kind) {
      case "raised" -> raised(e, at);
      case "acknowledged" -> acknowledged(e, at);
      case EventService.FAMILY_ACKNOWLEDGED -> familyAcknowledged(e, at);
      case "resolved", "closed" -> ended(e, at);
      default -> {
        // nothing else reaches the outbox
      }
    }
  }

  private void raised(Event e, Instant at) {
    if (open.containsKey(e.id())
        || log.forEvent(e.id()).stream().anyMatch(n -> Notification.ALARM.equals(n.kind()))) {
      return; // one alarm per event, also when the outbox gives its raise again after a crash
    }
    boolean follows = !e.test() && e.severity() != Severity.INFO;
    String code = follows ? log.assignCode(e.id(), at, random).orElse(null) : null;
    List<Delivery> planned = policy.alarm(e, at);
    Set<String> carried = Set.of();
    Resolved before = resolved.remove(subject(e));
    if (before != null && at.isBefore(before.at().plus(config.flapWindow()))) {
      // flapping: the people told of the last event still think it on; no second alarm
      carried = before.told();
      log.suppressQueued(
          before.eventId(),
          Set.of(Notification.ALL_CLEAR),
          "flapping: re-raised as event " + e.id(),
          at);
      String why =
          "flapping: told of event "
              + before.eventId()
              + ", resolved "
              + Duration.between(before.at(), at).toSeconds()
              + " s before";
      planned = suppressFor(planned, carried, why);
    }
    String matter = follows ? text.matter(e).orElse(null) : null;
    Open first = matter == null ? null : openOfMatter(matter, at);
    if (first != null) {
      // the same matter raised again by another rule: those told of it hear nothing new
      Set<String> toldOrQueued =
          people(
              log.forEvent(first.event.id()),
              n -> n.sent() || Notification.QUEUED.equals(n.status()));
      planned =
          suppressFor(
              planned,
              toldOrQueued,
              "told already with event " + first.event.id() + " (the same matter)");
    }
    log.insert(rows(e, planned, code, at));
    if (follows) {
      Open o = new Open(e, at, carried);
      o.matter = matter;
      if (first != null) {
        o.escalating = false; // the first event of the matter escalates for both
        o.sameMatter.add(first.event.id());
        o.sameMatter.addAll(first.sameMatter);
        for (long other : o.sameMatter) {
          Open linked = open.get(other);
          if (linked != null) {
            linked.sameMatter.add(e.id());
          }
        }
      }
      open.put(e.id(), o);
    }
  }

  /** The earliest open, unacknowledged event of this matter raised within the flap window. */
  private Open openOfMatter(String matter, Instant at) {
    for (Open o : open.values()) {
      if (matter.equals(o.matter)
          && !o.acknowledged
          && o.event.status() == EventStatus.OPEN
          && at.isBefore(o.raisedAt.plus(config.flapWindow()))) {
        return o;
      }
    }
    return null;
  }

  /** The planned deliveries, those queued for one of {@code people} suppressed with {@code why}. */
  private static List<Delivery> suppressFor(
      List<Delivery> planned, Set<String> people, String why) {
    List<Delivery> kept = new ArrayList<>();
    for (Delivery d : planned) {
      boolean person = !NotificationPolicy.WEBHOOK.equals(d.recipientRole());
      kept.add(person && d.queued() && people.contains(d.who()) ? d.suppressed(why) : d);
    }
    return kept;
  }

  private void acknowledged(Event e, Instant at) {
    Open o = open.get(e.id());
    if (o != null) {
      o.event = e;
      o.acknowledged = true;
    }
    log.suppressQueued(
        e.id(), Set.of(Notification.REMINDER, Notification.ESCALATION), "acknowledged", at);
    if (o != null) {
      for (long other : o.sameMatter) {
        Open linked = open.get(other);
        if (linked != null && !linked.acknowledged && linked.event.status() == EventStatus.OPEN) {
          linked.acknowledged = true; // before its own change comes back, so no echo
          try {
            events.acknowledge(
                other,
                e.acknowledgedBy() == null ? "notifier" : e.acknowledgedBy(),
                "acknowledged with event " + e.id() + " (the same matter)");
          } catch (TransitionException | NotFoundException ex) {
            LOG.infof(
                "cannot acknowledge event %d with event %d: %s", other, e.id(), ex.getMessage());
          }
        }
      }
    }
  }

  private void familyAcknowledged(Event e, Instant at) {
    Open o = open.get(e.id());
    if (o != null) {
      o.event = e;
      o.familyAcknowledged = true;
    }
    log.suppressQueued(
        e.id(), Set.of(Notification.REMINDER), Recipient.FAMILY, "acknowledged by the family", at);
  }

  private void ended(Event e, Instant at) {
    Open o = open.remove(e.id());
    log.suppressQueued(e.id(), TOLD_KINDS, e.status().id() + " before it was sent", at);
    log.releaseCode(e.id(), at);
    List<Notification> history = log.forEvent(e.id());
    if (history.stream().anyMatch(n -> Notification.ALL_CLEAR.equals(n.kind()))) {
      return; // closed after resolved: the all-clear is out already
    }
    Set<String> told = new HashSet<>(o == null ? Set.of() : o.carried);
    told.addAll(told(history, false));
    int levels =
        history.stream()
            .filter(Notification::sent)
            .mapToInt(Notification::escalationLevel)
            .max()
            .orElse(0);
    List<Delivery> planned = new ArrayList<>();
    for (Delivery d : policy.allClear(e, told, levels, at)) {
      boolean person = !NotificationPolicy.WEBHOOK.equals(d.recipientRole());
      // the all-clear waits out the flap window: a re-raise within it cancels it
      planned.add(person ? d.notBefore(at.plus(config.flapWindow())) : d);
    }
    log.insert(rows(e, planned, null, at));
    if (!told.isEmpty()) {
      resolved.put(subject(e), new Resolved(e.id(), Set.copyOf(told), at));
    }
  }

  /** Reminders and escalations that are due. */
  void followUp(Instant now) {
    for (Open o : open.values()) {
      if (o.acknowledged || o.event.status() != EventStatus.OPEN) {
        continue;
      }
      try {
        remind(o, now);
        escalate(o, now);
      } catch (RuntimeException e) {
        LOG.errorf(e, "cannot follow up an event [event: %d]", o.event.id());
      }
    }
  }

  private void remind(Open o, Instant now) {
    Optional<Instant> due = policy.nextReminder(o.lastMessageAt, o.reminders);
    if (due.isEmpty() || now.isBefore(due.get())) {
      return;
    }
    Event e = o.event;
    Set<String> told = new HashSet<>(o.carried);
    told.addAll(told(log.forEvent(e.id()), true));
    o.reminders++;
    o.lastMessageAt = now;
    List<Delivery> planned = policy.reminder(e, told, now);
    if (o.familyAcknowledged) {
      planned = planned.stream().filter(d -> !Recipient.FAMILY.equals(d.recipientRole())).toList();
    }
    log.insert(rows(e, planned, log.code(e.id()).orElse(null), now));
  }

  private void escalate(Open o, Instant now) {
    Event e = o.event;
    while (o.escalating && !now.isBefore(policy.escalationAt(e, o.level + 1))) {
      Optional<List<Delivery>> planned = policy.escalation(e, o.level + 1, now);
      if (planned.isEmpty()) {
        o.escalating = false; // the top of the hierarchy
        return;
      }
      o.level++;
      Set<String> already = new HashSet<>();
      for (Notification n : log.forEvent(e.id())) {
        if (TOLD_KINDS.contains(n.kind())) {
          already.add(n.recipientId() + "|" + n.address());
        }
      }
      List<Delivery> fresh =
          planned.get().stream().filter(d -> !already.contains(d.who())).toList();
      log.insert(rows(e, fresh, log.code(e.id()).orElse(null), now));
    }
  }

  /**
   * Whom the rows tell of the event (a channel took their alarm, reminder or escalation).
   *
   * @param ownUnitOnly only escalation level 0
   */
  private static Set<String> told(List<Notification> history, boolean ownUnitOnly) {
    return people(history, n -> n.sent() && (!ownUnitOnly || n.escalationLevel() == 0));
  }

  /**
   * The people (not webhooks) of the alarm, reminder and escalation rows that {@code which} picks.
   */
  private static Set<String> people(
      List<Notification> history, java.util.function.Predicate<Notification> which) {
    Set<String> people = new HashSet<>();
    for (Notification n : history) {
      if (TOLD_KINDS.contains(n.kind())
          && !NotificationPolicy.WEBHOOK.equals(n.recipientRole())
          && which.test(n)) {
        people.add(n.recipientId() + "|" + n.address());
      }
    }
    return people;
  }

  private List<Notification> rows(Event e, List<Delivery> planned, String code, Instant at) {
    List<Notification> rows = new ArrayList<>();
    for (Delivery d : planned) {
      String body = text.render(e, d.kind(), d.escalationLevel(), d.language(), code);
      if (e.test()) {
        body = "[TEST] " + body;
      }
      rows.add(
          new Notification(
              0,
              e.id(),
              d.recipientId(),
              d.recipientRole(),
              d.channel(),
              d.address(),
              d.kind(),
              d.escalationLevel(),
              e.severity(),
              body,
              d.status(),
              d.reason(),
              0,
              null,
              at,
              at,
              null,
              d.notBefore()));
    }
    return rows;
  }

  private static String subject(Event e) {
    return e.ruleId() + "|" + e.subjectKind() + ":" + e.subjectId();
  }
}
