package org.citysense.cloud.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.citysense.cloud.evaluate.Category;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventChange;
import org.citysense.cloud.events.EventStatus;
import org.citysense.cloud.events.StoredChange;
import org.citysense.cloud.events.TransitionException;
import org.citysense.cloud.notify.channel.Channel;
import org.citysense.cloud.notify.channel.ChannelException;
import org.citysense.cloud.notify.channel.OutboundMessage;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;

/** In-test fakes of the notification SPI: a directory, a channel, the events; and samples. */
final class Fakes {
  private Fakes() {}

  /** 10:00 in Shanghai. */
  static final Instant T0 = Instant.parse("2024-05-01T02:00:00Z");

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final QuietHours NIGHT = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));

  static RuleSet rules() {
    return new RuleSet(
        SHANGHAI,
        Duration.ofMinutes(10),
        Map.of(
            Severity.CRITICAL, Duration.ofMinutes(15),
            Severity.MAJOR, Duration.ofHours(1),
            Severity.MINOR, Duration.ofHours(4)),
        List.of());
  }

  static Recipient family(String id, String phone, String household) {
    return new Recipient(
        id, Recipient.FAMILY, id, phone, null, Language.ZH, NIGHT, true, false, household, null);
  }

  static Recipient unitPerson(String id, String role, String phone, String unit) {
    return new Recipient(id, role, id, phone, null, Language.EN, null, true, false, null, unit);
  }

  /** Units c1 (community) under s1 (street) under d1 (district). */
  static final class Directory implements RecipientDirectory {
    final Map<String, List<Recipient>> families = new HashMap<>();
    final Map<String, List<Recipient>> units = new HashMap<>();
    final Map<String, String> parents = new HashMap<>(Map.of("c1", "s1", "s1", "d1"));

    Directory add(Recipient r) {
      if (r.householdId() != null) {
        families.computeIfAbsent(r.householdId(), k -> new ArrayList<>()).add(r);
      } else {
        units.computeIfAbsent(r.unitId(), k -> new ArrayList<>()).add(r);
      }
      return this;
    }

    /** The sample: household h-201 in c1 with two family contacts; c1, s1 and d1's people. */
    static Directory sample() {
      return new Directory()
          .add(Fakes.family("mum", "+8613800138000", "h-201"))
          .add(Fakes.family("son", "+8613900139000", "h-201"))
          .add(Fakes.family("other", "+8613700137000", "h-999"))
          .add(unitPerson("grid-1", Recipient.GRID_WORKER, "+8613600136000", "c1"))
          .add(unitPerson("staff-c1", Recipient.STAFF, "+8613500135000", "c1"))
          .add(unitPerson("staff-s1", Recipient.STAFF, "+8613400134000", "s1"))
          .add(unitPerson("grid-s1", Recipient.GRID_WORKER, "+8613400134999", "s1"))
          .add(unitPerson("staff-d1", Recipient.STAFF, "+8613300133000", "d1"));
    }

    void replace(Recipient r) {
      for (List<Recipient> people : families.values()) {
        people.replaceAll(p -> p.id().equals(r.id()) ? r : p);
      }
      for (List<Recipient> people : units.values()) {
        people.replaceAll(p -> p.id().equals(r.id()) ? r : p);
      }
    }

    @Override
    public List<Recipient> family(String householdId) {
      return families.getOrDefault(householdId, List.of());
    }

    @Override
    public List<Recipient> unitPeople(String unitId) {
      return units.getOrDefault(unitId, List.of());
    }

    @Override
    public Optional<String> parentUnit(String unitId) {
      return Optional.ofNullable(parents.get(unitId));
    }

    @Override
    public List<Recipient> byPhone(String e164) {
      List<Recipient> found = new ArrayList<>();
      families
          .values()
          .forEach(l -> l.stream().filter(r -> e164.equals(r.phone())).forEach(found::add));
      units
          .values()
          .forEach(l -> l.stream().filter(r -> e164.equals(r.phone())).forEach(found::add));
      return found;
    }
  }

  /** A channel that records what it is given; fails the next n sends when told to. */
  static class FakeChannel implements Channel {
    final String id;
    final List<OutboundMessage> sent = new ArrayList<>();
    int failNext;
    boolean retryable = true;
    int calls;

    FakeChannel(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String send(OutboundMessage message) throws ChannelException {
      calls++;
      if (failNext > 0) {
        failNext--;
        throw new ChannelException("SMSC busy", retryable, null);
      }
      sent.add(message);
      return id + "-" + sent.size();
    }

    List<String> addresses() {
      return sent.stream().map(OutboundMessage::address).toList();
    }

    @Override
    public void close() {}
  }

  /**
   * The events, in memory: each change goes to the listeners and, when someone must act on it, to
   * the outbox, as the event service does.
   */
  static final class Events implements EventAccess {
    final Map<Long, Event> events = new HashMap<>();
    final List<Consumer<EventChange>> listeners = new ArrayList<>();
    final List<StoredChange> outbox = new ArrayList<>();
    private final java.time.Clock clock;
    long nextId = 1;

    Events(java.time.Clock clock) {
      this.clock = clock;
    }

    @Override
    public List<StoredChange> changesAfter(long position, int limit) {
      return outbox.stream().filter(c -> c.position() > position).limit(limit).toList();
    }

    @Override
    public long latestChange() {
      return outbox.size();
    }

    @Override
    public Runnable listen(Consumer<EventChange> listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }

    /** While set, every look-up fails as a database away does. */
    boolean databaseAway;

    @Override
    public Optional<Event> get(long id) {
      if (databaseAway) {
        throw new org.citysense.cloud.db.DataAccessException(
            "reading event " + id, new java.sql.SQLException("Connection refused", "08001"));
      }
      return Optional.ofNullable(events.get(id));
    }

    @Override
    public void acknowledge(long id, String actor, String note) {
      Event e = events.get(id);
      if (e == null) {
        throw new NotFoundException("event", Long.toString(id));
      }
      if (e.status() != EventStatus.OPEN) {
        throw new TransitionException("event " + id + " is " + e.status().id());
      }
      change("acknowledged", with(e, EventStatus.ACKNOWLEDGED, actor));
    }

    final java.util.Set<Long> familyAcknowledged = new java.util.HashSet<>();

    @Override
    public void acknowledgeForFamily(long id, String actor, String note) {
      Event e = events.get(id);
      if (e == null) {
        throw new NotFoundException("event", Long.toString(id));
      }
      if (e.status() != EventStatus.OPEN || !familyAcknowledged.add(id)) {
        throw new TransitionException("event " + id + " is " + e.status().id());
      }
      change(org.citysense.cloud.events.EventService.FAMILY_ACKNOWLEDGED, e);
    }

    @Override
    public boolean familyAcknowledged(long id) {
      return familyAcknowledged.contains(id);
    }

    Event raise(Event draft) {
      Event e = withId(draft, nextId++);
      change("raised", e);
      return e;
    }

    Event resolve(long id) {
      return change("resolved", with(events.get(id), EventStatus.RESOLVED, null));
    }

    Event close(long id) {
      return change("closed", with(events.get(id), EventStatus.CLOSED, null));
    }

    Event repeat(long id) {
      return change("updated", events.get(id));
    }

    private Event change(String kind, Event e) {
      events.put(e.id(), e);
      if (Set.of(
              "raised",
              "acknowledged",
              org.citysense.cloud.events.EventService.FAMILY_ACKNOWLEDGED,
              "resolved",
              "closed")
          .contains(kind)) {
        outbox.add(new StoredChange(outbox.size() + 1, e.id(), kind, clock.instant()));
      }
      for (Consumer<EventChange> l : List.copyOf(listeners)) {
        l.accept(new EventChange(kind, e));
      }
      return e;
    }
  }

  /** An open event of the rule, subject and routing given, raised at {@code at}. */
  static Event event(
      Severity severity,
      Category category,
      String subjectId,
      String householdId,
      String stationId,
      String unitId,
      boolean test,
      Instant at) {
    return new Event(
        0,
        category == Category.ALARM ? "gas-alarm" : "pm25-high",
        RuleType.THRESHOLD,
        severity,
        category,
        "device",
        subjectId,
        subjectId,
        stationId,
        householdId,
        "gw-1",
        unitId,
        EventStatus.OPEN,
        category.id() + " at " + subjectId,
        Map.of(),
        1,
        null,
        null,
        at,
        at,
        at,
        at.plus(rules().sla(severity)),
        false,
        test,
        false,
        false,
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static Event gasAlarm(Severity severity, Instant at) {
    return event(severity, Category.ALARM, "gas-1", "h-201", null, "c1", false, at);
  }

  static Event withId(Event e, long id) {
    return new Event(
        id,
        e.ruleId(),
        e.ruleType(),
        e.severity(),
        e.category(),
        e.subjectKind(),
        e.subjectId(),
        e.deviceId(),
        e.stationId(),
        e.householdId(),
        e.gatewayId(),
        e.unitId(),
        e.status(),
        e.summary(),
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
        e.actions(),
        e.assignee(),
        e.acknowledgedAt(),
        e.acknowledgedBy(),
        e.resolvedAt(),
        e.resolvedBy(),
        e.closedAt(),
        e.closedBy());
  }

  static Event with(Event e, EventStatus status, String ackBy) {
    return new Event(
        e.id(),
        e.ruleId(),
        e.ruleType(),
        e.severity(),
        e.category(),
        e.subjectKind(),
        e.subjectId(),
        e.deviceId(),
        e.stationId(),
        e.householdId(),
        e.gatewayId(),
        e.unitId(),
        status,
        e.summary(),
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
        e.actions(),
        e.assignee(),
        e.acknowledgedAt(),
        ackBy != null ? ackBy : e.acknowledgedBy(),
        e.resolvedAt(),
        e.resolvedBy(),
        e.closedAt(),
        e.closedBy());
  }
}
