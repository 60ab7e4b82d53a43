package org.citysense.cloud.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citysense.cloud.evaluate.Category;
import org.citysense.cloud.evaluate.DeviceContext;
import org.citysense.cloud.evaluate.Signal;
import org.citysense.cloud.evaluate.SignalPosition;
import org.citysense.cloud.evaluate.SubjectKey;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.cloud.testdb.DatabaseContract;
import org.citysense.cloud.testdb.MutableClock;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.wire.EdgeAction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signals become events, one active per (rule, subject), with their lifecycle and audit trail. */
public abstract class EventContract extends DatabaseContract {
  private static final Instant T0 = Instant.parse("2024-05-01T02:00:00Z");
  private static final DeviceContext PM1 =
      new DeviceContext("pm-1", "gw-1", "pm-sensor", "st-01", null, "c1");
  private static final DeviceContext PM2 =
      new DeviceContext("pm-2", "gw-1", "pm-sensor", "st-01", null, "c1");
  private static final DeviceContext LEAK =
      new DeviceContext("leak-1", "gw-2", "leak-sensor", null, "h-201", "c2");
  private static final EdgeAction VALVE_CLOSED =
      new EdgeAction("valve-1", "valve", Value.of(false), true, null);

  private MutableClock clock;
  private RuleSet rules;
  private EventService service;
  private MaintenanceService maintenance;
  private final List<EventChange> changes = new ArrayList<>();

  @BeforeEach
  void createService() {
    clock = new MutableClock(T0);
    rules =
        new RuleSet(
            ZoneId.of("Asia/Shanghai"),
            Duration.ofMinutes(10),
            Map.of(
                Severity.CRITICAL, Duration.ofMinutes(15),
                Severity.MAJOR, Duration.ofHours(1),
                Severity.MINOR, Duration.ofHours(4)),
            List.of());
    service = new EventService(db, clock, () -> rules);
    maintenance = new MaintenanceService(db, clock);
    changes.clear();
    service.listen(changes::add);
  }

  /** A signal about a device's PM2.5 point; change what a test needs with its setters. */
  private static final class S {
    Signal.Kind kind = Signal.Kind.RAISE;
    String ruleId = "pm25-high";
    RuleType ruleType = RuleType.THRESHOLD;
    Severity severity = Severity.MAJOR;
    Category category = Category.ENVIRONMENT;
    boolean autoResolve = true;
    SubjectKey subject;
    DeviceContext device;
    String stationId;
    String unitId;
    Instant at;
    Double value;
    boolean edge;
    List<EdgeAction> actions = List.of();

    S(DeviceContext device, Instant at, Double value) {
      this.device = device;
      this.subject = device == null ? null : SubjectKey.point(device.deviceId(), "pm25");
      this.stationId = device == null ? null : device.stationId();
      this.unitId = device == null ? null : device.unitId();
      this.at = at;
      this.value = value;
    }

    S clear() {
      kind = Signal.Kind.CLEAR;
      return this;
    }

    S rule(String id, RuleType type) {
      ruleId = id;
      ruleType = type;
      return this;
    }

    S severity(Severity s) {
      severity = s;
      return this;
    }

    S autoResolve(boolean a) {
      autoResolve = a;
      return this;
    }

    S edge(EdgeAction... a) {
      edge = true;
      actions = List.of(a);
      return this;
    }

    Signal build() {
      return new Signal(
          kind,
          ruleId,
          ruleType,
          severity,
          category,
          autoResolve,
          subject,
          device,
          stationId,
          unitId,
          at,
          value,
          kind == Signal.Kind.RAISE ? "PM2.5 " + value + " µg/m³ above 35" : "PM2.5 back to normal",
          value == null ? Map.of() : Map.of("value", value, "limit", 35.0),
          edge,
          actions);
    }
  }

  private void send(S s) {
    service.accept(s.build());
  }

  private static EventFilter all() {
    return new EventFilter(null, null, null, null, null, null, null, 0, 100);
  }

  private List<Event> events() {
    return service.find(all()).items();
  }

  private Event only() {
    List<Event> events = events();
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  private List<String> kinds() {
    return changes.stream().map(EventChange::kind).toList();
  }

  @Test
  void aRaiseOpensOneEventDueAfterItsSla() {
    send(new S(PM1, T0.minusSeconds(60), 48.0));

    Event e = only();
    assertThat(e.status()).isEqualTo(EventStatus.OPEN);
    assertThat(e.ruleId()).isEqualTo("pm25-high");
    assertThat(e.ruleType()).isEqualTo(RuleType.THRESHOLD);
    assertThat(e.severity()).isEqualTo(Severity.MAJOR);
    assertThat(e.category()).isEqualTo(Category.ENVIRONMENT);
    assertThat(e.subjectKind()).isEqualTo("point");
    assertThat(e.subjectId()).isEqualTo("pm-1/pm25");
    assertThat(e.deviceId()).isEqualTo("pm-1");
    assertThat(e.stationId()).isEqualTo("st-01");
    assertThat(e.householdId()).isNull();
    assertThat(e.gatewayId()).isEqualTo("gw-1");
    assertThat(e.unitId()).isEqualTo("c1");
    assertThat(e.count()).isEqualTo(1);
    assertThat(e.firstValue()).isEqualTo(48.0);
    assertThat(e.lastValue()).isEqualTo(48.0);
    assertThat(e.openedAt()).isEqualTo(T0.minusSeconds(60));
    assertThat(e.lastSeenAt()).isEqualTo(T0.minusSeconds(60));
    assertThat(e.raisedAt()).isEqualTo(T0);
    assertThat(e.dueAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(e.summary()).isEqualTo("PM2.5 48.0 µg/m³ above 35");
    assertThat(e.details()).isEqualTo(Map.of("value", 48.0, "limit", 35.0));
    assertThat(e.late()).isFalse();
    assertThat(e.test()).isFalse();
    assertThat(e.edge()).isFalse();
    assertThat(e.conditionCleared()).isFalse();
    assertThat(e.actions()).isEmpty();
    assertThat(service.get(e.id())).contains(e);
    assertThat(service.audit(e.id()))
        .extracting(AuditEntry::action, AuditEntry::actor, AuditEntry::from, AuditEntry::to)
        .containsExactly(tuple("raised", "system", null, EventStatus.OPEN));
    assertThat(changes).containsExactly(new EventChange("raised", e));
  }

  @Test
  void signalsReplayedAfterARestartAreSkippedByTheirPosition() {
    long p1 = SignalPosition.item(1, 0);
    long p2 = SignalPosition.item(2, 0);
    long p3 = SignalPosition.item(3, 0);
    long p4 = SignalPosition.item(4, 0);
    service.apply(new S(PM1, T0.minusSeconds(30), 48.0).build(), p1);
    service.apply(new S(PM1, T0.minusSeconds(20), 50.0).build(), p2);
    service.apply(new S(PM1, T0.minusSeconds(10), 20.0).clear().build(), p3);
    service.apply(new S(PM1, T0.minusSeconds(5), 52.0).build(), p4);
    List<Event> before = service.find(all()).items();

    // the process dies before the rules' checkpoint covered these: they come again
    EventService restarted = new EventService(db, clock, () -> rules);
    assertThat(restarted.apply(new S(PM1, T0.minusSeconds(30), 48.0).build(), p1)).isFalse();
    assertThat(restarted.apply(new S(PM1, T0.minusSeconds(20), 50.0).build(), p2)).isFalse();
    assertThat(restarted.apply(new S(PM1, T0.minusSeconds(10), 20.0).clear().build(), p3))
        .as("the clear of the first event is no clear of the second")
        .isFalse();
    assertThat(restarted.apply(new S(PM1, T0.minusSeconds(5), 52.0).build(), p4)).isFalse();

    assertThat(restarted.find(all()).items()).isEqualTo(before);
    assertThat(before)
        .extracting(Event::status, Event::count)
        .containsExactly(tuple(EventStatus.OPEN, 1L), tuple(EventStatus.RESOLVED, 2L));
    // what comes after the replay is applied as usual
    assertThat(restarted.apply(new S(PM1, T0, 53.0).build(), SignalPosition.item(5, 0))).isTrue();
    assertThat(restarted.find(all()).items().get(0).count()).isEqualTo(2);
  }

  @Test
  void eachPartitionOfTheLogHasItsOwnReplayHorizon() {
    long far = SignalPosition.item(0, 1_000_000, 0); // partition 0, far along
    long early = SignalPosition.item(3, 5, 0); // partition 3, at its start
    service.apply(new S(PM1, T0.minusSeconds(30), 48.0).build(), far);
    service.apply(new S(PM2, T0.minusSeconds(30), 48.0).build(), early);

    EventService restarted = new EventService(db, clock, () -> rules);
    assertThat(restarted.apply(new S(PM2, T0.minusSeconds(30), 48.0).build(), early))
        .as("partition 3's own signal again")
        .isFalse();
    assertThat(
            restarted.apply(
                new S(PM2, T0.minusSeconds(20), 49.0).build(), SignalPosition.item(3, 6, 0)))
        .as("partition 3's next: not taken for a replay because partition 0 is further along")
        .isTrue();
  }

  @Test
  void aNodeTakingOverAPartitionKnowsWhatTheNodeBeforeStoredFromIt() {
    EventService other = new EventService(db, clock, () -> rules); // a node started earlier
    long raised = SignalPosition.item(3, 5, 0);
    service.apply(new S(PM2, T0.minusSeconds(30), 48.0).build(), raised);

    other.takeOver(3);
    assertThat(other.apply(new S(PM2, T0.minusSeconds(30), 48.0).build(), raised))
        .as("the signal the node before stored, judged again after the takeover")
        .isFalse();
    other.apply(
        new S(PM2, T0.minusSeconds(10), 20.0).clear().build(), SignalPosition.item(3, 7, 0));
    assertThat(only().status()).as("its clear finds the event").isEqualTo(EventStatus.RESOLVED);
    assertThat(only().count()).isEqualTo(1);
  }

  @Test
  void outboxPositionsBecomeVisibleInTheirOrderWhicheverWriterCommitsFirst() throws Exception {
    EventChanges outbox = new EventChanges();
    try (java.sql.Connection first = db.getConnection();
        java.sql.Connection second = db.getConnection()) {
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      outbox.append(first, 1, "raised", T0);
      java.util.concurrent.CompletableFuture<Void> later =
          java.util.concurrent.CompletableFuture.runAsync(
              () -> {
                try {
                  outbox.append(second, 2, "raised", T0);
                  second.commit();
                } catch (java.sql.SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(200); // the second writer waits for the first's commit, however long
      assertThat(service.changesAfter(0, 10)).as("nothing committed yet").isEmpty();
      first.commit();
      later.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(service.changesAfter(0, 10))
        .extracting(StoredChange::eventId)
        .as("the first writer's change first, the positions dense")
        .containsExactly(1L, 2L);
    List<StoredChange> read = service.changesAfter(0, 10);
    assertThat(read.get(1).position()).isEqualTo(read.get(0).position() + 1);
  }

  @Test
  void theOutboxHoldsWhatSomeoneMustActOnInTheOrderItHappened() {
    send(new S(PM1, T0.minusSeconds(30), 48.0));
    send(new S(PM1, T0.minusSeconds(20), 50.0)); // a repeat: nothing to act on
    Event e = only();
    service.acknowledge(e.id(), "op", null);
    service.assign(e.id(), "op", "Wang", null); // nothing to act on either
    service.resolve(e.id(), "op", null);
    service.close(e.id(), "op", "fixed");

    assertThat(service.changesAfter(0, 10))
        .extracting(StoredChange::eventId, StoredChange::kind)
        .containsExactly(
            tuple(e.id(), "raised"),
            tuple(e.id(), "acknowledged"),
            tuple(e.id(), "resolved"),
            tuple(e.id(), "closed"));
    long second = service.changesAfter(0, 10).get(1).position();
    assertThat(service.changesAfter(second, 10)).hasSize(2);
    assertThat(service.latestChange()).isEqualTo(service.changesAfter(0, 10).get(3).position());
  }

  @Test
  void repeatsUpdateTheEventAndNeverOpenASecond() {
    send(new S(PM1, T0.minusSeconds(120), 40.0));
    send(new S(PM1, T0.minusSeconds(30), 52.0));
    // a reading older than the latest, arriving late: counted, lastSeenAt stays
    send(new S(PM1, T0.minusSeconds(60), 45.0));

    Event e = only();
    assertThat(e.count()).isEqualTo(3);
    assertThat(e.firstValue()).isEqualTo(40.0);
    assertThat(e.lastValue()).isEqualTo(45.0);
    assertThat(e.openedAt()).isEqualTo(T0.minusSeconds(120));
    assertThat(e.lastSeenAt()).isEqualTo(T0.minusSeconds(30));
    assertThat(e.summary()).isEqualTo("PM2.5 45.0 µg/m³ above 35");
    assertThat(e.details()).containsEntry("value", 45.0);
    assertThat(kinds()).containsExactly("raised", "updated", "updated");
    assertThat(changes.get(2).event()).isEqualTo(e);
    assertThat(service.audit(e.id())).hasSize(1);
  }

  @Test
  void anotherSubjectGetsItsOwnEvent() {
    send(new S(PM1, T0, 48.0));
    send(new S(PM2, T0, 49.0));
    send(new S(PM1, T0, 50.0).rule("pm25-rate", RuleType.RATE));

    assertThat(events())
        .extracting(Event::ruleId, Event::subjectId, Event::count)
        .containsExactlyInAnyOrder(
            tuple("pm25-high", "pm-1/pm25", 1L),
            tuple("pm25-high", "pm-2/pm25", 1L),
            tuple("pm25-rate", "pm-1/pm25", 1L));
  }

  @Test
  void aClearThatAutoResolvesResolvesTheEvent() {
    send(new S(PM1, T0, 48.0));
    clock.advance(Duration.ofMinutes(5));
    send(new S(PM1, T0.plusSeconds(290), 30.5).clear());

    Event e = only();
    assertThat(e.status()).isEqualTo(EventStatus.RESOLVED);
    assertThat(e.resolvedAt()).isEqualTo(T0.plusSeconds(300));
    assertThat(e.resolvedBy()).isEqualTo("system");
    assertThat(service.audit(e.id()))
        .extracting(AuditEntry::action, AuditEntry::actor, AuditEntry::from, AuditEntry::to)
        .containsExactly(
            tuple("raised", "system", null, EventStatus.OPEN),
            tuple("auto-resolved", "system", EventStatus.OPEN, EventStatus.RESOLVED));
    assertThat(service.audit(e.id()).get(1).note()).contains("30.5");
    assertThat(kinds()).containsExactly("raised", "resolved");
  }

  @Test
  void aClearThatDoesNotAutoResolveMarksTheConditionCleared() {
    send(new S(PM1, T0, 48.0).autoResolve(false));
    send(new S(PM1, T0.plusSeconds(60), 20.0).clear().autoResolve(false));

    Event e = only();
    assertThat(e.status()).isEqualTo(EventStatus.OPEN);
    assertThat(e.conditionCleared()).isTrue();
    assertThat(service.audit(e.id()))
        .extracting(AuditEntry::action)
        .containsExactly("raised", "condition cleared");

    send(new S(PM1, T0.plusSeconds(120), 20.0).clear().autoResolve(false));
    assertThat(service.audit(e.id())).as("a second clear changes nothing").hasSize(2);

    send(new S(PM1, T0.plusSeconds(180), 50.0).autoResolve(false));
    Event again = only();
    assertThat(again.id()).isEqualTo(e.id());
    assertThat(again.conditionCleared()).isFalse();
    assertThat(again.count()).isEqualTo(2);
    assertThat(kinds()).containsExactly("raised", "cleared", "updated");
  }

  @Test
  void aClearWithoutAnActiveEventDoesNothing() {
    send(new S(PM1, T0, 20.0).clear());

    assertThat(events()).isEmpty();
    assertThat(changes).isEmpty();
  }

  @Test
  void afterResolvingARaiseOpensANewEvent() {
    send(new S(PM1, T0, 48.0));
    long first = only().id();
    service.resolve(first, "alice", "filter replaced");

    send(new S(PM1, T0.plusSeconds(60), 55.0));

    List<Event> events = events();
    assertThat(events).hasSize(2);
    Event second = events.get(0);
    assertThat(second.id()).isNotEqualTo(first);
    assertThat(second.status()).isEqualTo(EventStatus.OPEN);
    assertThat(second.count()).isEqualTo(1);
    assertThat(service.get(first).orElseThrow().count()).isEqualTo(1);
  }

  @Test
  void anEdgeAlarmAndTheCloudRuleMergeIntoOneEvent() {
    S edge = new S(LEAK, T0.minusSeconds(5), 1.0).rule("leak", RuleType.STATE).edge(VALVE_CLOSED);
    edge.subject = SubjectKey.device("leak-1");
    send(edge);
    S cloud = new S(LEAK, T0, 1.0).rule("leak", RuleType.STATE).severity(Severity.CRITICAL);
    cloud.subject = SubjectKey.device("leak-1");
    send(cloud);

    Event e = only();
    assertThat(e.count()).isEqualTo(2);
    assertThat(e.edge()).isTrue();
    assertThat(e.actions()).containsExactly(VALVE_CLOSED);
    assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(e.dueAt()).as("the tighter SLA").isEqualTo(T0.plus(Duration.ofMinutes(15)));
    assertThat(e.householdId()).isEqualTo("h-201");
    assertThat(e.stationId()).isNull();
    assertThat(e.unitId()).isEqualTo("c2");

    send(edge);
    assertThat(only().actions()).as("a repeated action is kept once").containsExactly(VALVE_CLOSED);
    assertThat(only().severity()).as("never de-escalates").isEqualTo(Severity.CRITICAL);
  }

  @Test
  void aReadingOlderThanLateAfterOnArrivalIsLate() {
    send(new S(PM1, T0.minus(Duration.ofMinutes(11)), 48.0));
    send(new S(PM2, T0.minus(Duration.ofMinutes(10)), 48.0));

    assertThat(events())
        .extracting(Event::deviceId, Event::late)
        .containsExactlyInAnyOrder(tuple("pm-1", true), tuple("pm-2", false));
  }

  @Test
  void eventsOfADeviceInMaintenanceAreTests() {
    Maintenance m = maintenance.start("pm-1", T0.plus(Duration.ofHours(2)), "tech", "swap");
    assertThat(m)
        .isEqualTo(new Maintenance("pm-1", T0, T0.plus(Duration.ofHours(2)), "tech", "swap"));
    assertThat(maintenance.current("pm-1")).contains(m);
    assertThat(maintenance.current("pm-2")).isEmpty();

    clock.advance(Duration.ofMinutes(1));
    send(new S(PM1, T0.plusSeconds(30), 48.0));
    send(new S(PM2, T0.plusSeconds(30), 48.0));
    S station = new S(null, T0.plusSeconds(30), 3.0).rule("aqi-offline", RuleType.OFFLINE);
    station.subject = SubjectKey.station("st-01");
    station.unitId = "c1";
    send(station);
    assertThat(events())
        .extracting(Event::subjectId, Event::test)
        .containsExactlyInAnyOrder(
            tuple("pm-1/pm25", true), tuple("pm-2/pm25", false), tuple("st-01", false));
    assertThat(events())
        .filteredOn(e -> e.subjectKind().equals("station"))
        .first()
        .extracting(Event::stationId)
        .isEqualTo("st-01");

    clock.advance(Duration.ofMinutes(1));
    maintenance.end("pm-1", "tech");
    assertThat(maintenance.current("pm-1")).isEmpty();
    long testEvent = events().stream().filter(Event::test).findFirst().orElseThrow().id();
    service.resolve(testEvent, "tech", "was a test");

    clock.advance(Duration.ofMinutes(1));
    send(new S(PM1, T0.plusSeconds(170), 48.0));
    assertThat(service.find(all()).items().get(0))
        .extracting(Event::deviceId, Event::test, Event::status)
        .containsExactly("pm-1", false, EventStatus.OPEN);
  }

  @Test
  void maintenanceEndingInThePastIsRefused() {
    assertThatThrownBy(() -> maintenance.start("pm-1", T0.minusSeconds(1), "tech", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("until");
    assertThatThrownBy(() -> maintenance.start("pm-1", T0, "tech", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("until");
    assertThat(maintenance.current("pm-1")).isEmpty();
  }

  @Test
  void theLifecycleStepsAndTheOnesRefused() {
    send(new S(PM1, T0, 48.0));
    long id = only().id();

    clock.advance(Duration.ofMinutes(1));
    Event acknowledged = service.acknowledge(id, "alice", "on it");
    assertThat(acknowledged.status()).isEqualTo(EventStatus.ACKNOWLEDGED);
    assertThat(acknowledged.acknowledgedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(acknowledged.acknowledgedBy()).isEqualTo("alice");
    assertThat(service.get(id)).contains(acknowledged);
    assertThatThrownBy(() -> service.acknowledge(id, "alice", null))
        .isInstanceOf(TransitionException.class)
        .hasMessage("event " + id + " is already acknowledged");

    Event assigned = service.assign(id, "alice", "bob", null);
    assertThat(assigned.assignee()).isEqualTo("bob");
    assertThat(assigned.status()).isEqualTo(EventStatus.ACKNOWLEDGED);
    assertThatThrownBy(() -> service.assign(id, "alice", " ", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("assignee");

    clock.advance(Duration.ofMinutes(1));
    Event resolved = service.resolve(id, "bob", "cleaned");
    assertThat(resolved.status()).isEqualTo(EventStatus.RESOLVED);
    assertThat(resolved.resolvedAt()).isEqualTo(T0.plusSeconds(120));
    assertThat(resolved.resolvedBy()).isEqualTo("bob");
    assertThat(resolved.assignee()).isEqualTo("bob");
    assertThatThrownBy(() -> service.resolve(id, "bob", null))
        .isInstanceOf(TransitionException.class)
        .hasMessage("event " + id + " is already resolved");
    assertThatThrownBy(() -> service.acknowledge(id, "bob", null))
        .isInstanceOf(TransitionException.class)
        .hasMessage("event " + id + " is resolved; only an open event can be acknowledged");
    assertThatThrownBy(() -> service.assign(id, "bob", "carol", null))
        .isInstanceOf(TransitionException.class)
        .hasMessage(
            "event " + id + " is resolved; only an open or acknowledged event can be assigned");

    clock.advance(Duration.ofMinutes(1));
    Event closed = service.close(id, "alice", "thanks, air is clean");
    assertThat(closed.status()).isEqualTo(EventStatus.CLOSED);
    assertThat(closed.closedAt()).isEqualTo(T0.plusSeconds(180));
    assertThat(closed.closedBy()).isEqualTo("alice");
    assertThat(service.get(id)).contains(closed);
    assertThatThrownBy(() -> service.close(id, "alice", null))
        .isInstanceOf(TransitionException.class)
        .hasMessage("event " + id + " is already closed");
    assertThatThrownBy(() -> service.resolve(id, "alice", null))
        .isInstanceOf(TransitionException.class)
        .hasMessage(
            "event " + id + " is closed; only an open or acknowledged event can be resolved");

    send(new S(PM2, T0, 48.0));
    long open = events().stream().filter(e -> e.status().active()).findFirst().orElseThrow().id();
    assertThatThrownBy(() -> service.close(open, "alice", null))
        .isInstanceOf(TransitionException.class)
        .hasMessage("event " + open + " is open; only a resolved event can be closed");
    Event resolvedFromOpen = service.resolve(open, "alice", null);
    assertThat(resolvedFromOpen.status()).isEqualTo(EventStatus.RESOLVED);
    assertThat(resolvedFromOpen.acknowledgedAt()).isNull();

    assertThatThrownBy(() -> service.acknowledge(999_999, "alice", null))
        .isInstanceOf(NotFoundException.class);
    assertThat(kinds())
        .containsExactly(
            "raised", "acknowledged", "assigned", "resolved", "closed", "raised", "resolved");
  }

  @Test
  void theAuditTrailTellsWhoDidWhatInOrder() {
    send(new S(PM1, T0, 48.0));
    long id = only().id();
    clock.advance(Duration.ofMinutes(1));
    service.acknowledge(id, "alice", "on it");
    clock.advance(Duration.ofMinutes(1));
    service.assign(id, "alice", "bob", "nearest");
    clock.advance(Duration.ofMinutes(1));
    service.resolve(id, "bob", "cleaned the inlet");
    clock.advance(Duration.ofMinutes(1));
    service.close(id, "alice", "confirmed by the residents");

    assertThat(service.audit(id))
        .extracting(
            AuditEntry::eventId,
            AuditEntry::at,
            AuditEntry::actor,
            AuditEntry::action,
            AuditEntry::from,
            AuditEntry::to,
            AuditEntry::note)
        .containsExactly(
            tuple(id, T0, "system", "raised", null, EventStatus.OPEN, "PM2.5 48.0 µg/m³ above 35"),
            tuple(
                id,
                T0.plusSeconds(60),
                "alice",
                "acknowledged",
                EventStatus.OPEN,
                EventStatus.ACKNOWLEDGED,
                "on it"),
            tuple(
                id,
                T0.plusSeconds(120),
                "alice",
                "assigned",
                EventStatus.ACKNOWLEDGED,
                EventStatus.ACKNOWLEDGED,
                "bob: nearest"),
            tuple(
                id,
                T0.plusSeconds(180),
                "bob",
                "resolved",
                EventStatus.ACKNOWLEDGED,
                EventStatus.RESOLVED,
                "cleaned the inlet"),
            tuple(
                id,
                T0.plusSeconds(240),
                "alice",
                "closed",
                EventStatus.RESOLVED,
                EventStatus.CLOSED,
                "confirmed by the residents"));
    assertThat(service.audit(999_999)).isEmpty();
  }

  @Test
  void findFiltersSortsAndPages() {
    // opened (event time) T0-50m, T0-40m, T0-30m
    send(new S(PM1, T0.minus(Duration.ofMinutes(50)), 48.0));
    send(
        new S(LEAK, T0.minus(Duration.ofMinutes(40)), 1.0)
            .rule("leak", RuleType.STATE)
            .severity(Severity.CRITICAL));
    send(
        new S(PM2, T0.minus(Duration.ofMinutes(30)), 9.0)
            .rule("pm2-rate", RuleType.RATE)
            .severity(Severity.MINOR));
    Map<String, Long> ids = new HashMap<>();
    events().forEach(e -> ids.put(e.deviceId(), e.id()));
    service.acknowledge(ids.get("leak-1"), "alice", null);

    assertThat(service.find(all()).items())
        .extracting(Event::deviceId)
        .containsExactly("pm-2", "leak-1", "pm-1");
    assertThat(
            find(
                new EventFilter(
                    Set.of(EventStatus.ACKNOWLEDGED), null, null, null, null, null, null, 0, 10)))
        .containsExactly("leak-1");
    assertThat(
            find(
                new EventFilter(
                    Set.of(EventStatus.OPEN), null, null, null, null, null, null, 0, 10)))
        .containsExactly("pm-2", "pm-1");
    assertThat(
            find(
                new EventFilter(
                    null,
                    Set.of(Severity.CRITICAL, Severity.MINOR),
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    10)))
        .containsExactly("pm-2", "leak-1");
    assertThat(
            find(
                new EventFilter(
                    null, null, Set.of(RuleType.THRESHOLD), null, null, null, null, 0, 10)))
        .containsExactly("pm-1");
    assertThat(find(new EventFilter(null, null, null, Set.of("c2"), null, null, null, 0, 10)))
        .containsExactly("leak-1");
    assertThat(find(new EventFilter(null, null, null, Set.of("c1", "c2"), null, null, null, 0, 10)))
        .hasSize(3);
    assertThat(service.find(new EventFilter(null, null, null, Set.of(), null, null, null, 0, 10)))
        .isEqualTo(new EventPage(List.of(), 0, 0, 10));
    assertThat(find(new EventFilter(null, null, null, null, "st-01", null, null, 0, 10)))
        .containsExactly("pm-2", "pm-1");
    assertThat(find(new EventFilter(null, null, null, null, null, null, "pm-2", null, null, 0, 10)))
        .containsExactly("pm-2");
    assertThat(
            find(
                new EventFilter(
                    null, null, null, Set.of("c2"), null, null, "pm-2", null, null, 0, 10)))
        .isEmpty();
    assertThat(
            find(
                new EventFilter(
                    null,
                    null,
                    null,
                    null,
                    null,
                    T0.minus(Duration.ofMinutes(40)),
                    T0.minus(Duration.ofMinutes(30)),
                    0,
                    10)))
        .as("from inclusive, to exclusive")
        .containsExactly("leak-1");

    EventPage first = service.find(new EventFilter(null, null, null, null, null, null, null, 0, 2));
    assertThat(first.items()).extracting(Event::deviceId).containsExactly("pm-2", "leak-1");
    assertThat(first.total()).isEqualTo(3);
    EventPage second =
        service.find(new EventFilter(null, null, null, null, null, null, null, 2, 2));
    assertThat(second.items()).extracting(Event::deviceId).containsExactly("pm-1");
    assertThat(second.total()).isEqualTo(3);
    assertThat(second.offset()).isEqualTo(2);
    EventPage filtered =
        service.find(
            new EventFilter(Set.of(EventStatus.OPEN), null, null, null, null, null, null, 0, 1));
    assertThat(filtered.items()).extracting(Event::deviceId).containsExactly("pm-2");
    assertThat(filtered.total()).isEqualTo(2);
  }

  @Test
  void eventsOpenedAtTheSameTimeAreNewestIdFirst() {
    send(new S(PM1, T0, 48.0));
    send(new S(PM2, T0, 48.0));

    assertThat(events()).extracting(Event::deviceId).containsExactly("pm-2", "pm-1");
  }

  private List<String> find(EventFilter filter) {
    return service.find(filter).items().stream().map(Event::deviceId).toList();
  }

  @Test
  void kpisLeaveOutTestEvents() {
    maintenance.start("pm-1", T0.plus(Duration.ofHours(1)), "tech", "detector test");
    send(new S(PM1, T0, 48.0));
    assertThat(events()).extracting(Event::test).containsExactly(true);
    assertThat(service.kpis(null, T0.minusSeconds(60), T0.plusSeconds(60)))
        .containsExactly(new UnitKpi(null, 0, 0, 0, 0.0, null, 0));
  }

  @Test
  void kpisPerUnitAndInTotal() {
    DeviceContext pm3 = new DeviceContext("pm-3", "gw-2", "pm-sensor", null, null, "c2");
    DeviceContext pm4 = new DeviceContext("pm-4", "gw-2", "pm-sensor", null, null, "c2");
    // raised at T0: a (c1, major, due +1h), b (c1, critical, due +15m), c (c2, major, due +1h)
    send(new S(PM1, T0, 48.0));
    send(new S(PM2, T0, 48.0).severity(Severity.CRITICAL));
    send(new S(pm3, T0, 48.0));
    Map<String, Long> ids = new HashMap<>();
    events().forEach(e -> ids.put(e.deviceId(), e.id()));

    clock.advance(Duration.ofMinutes(10));
    service.resolve(ids.get("pm-1"), "alice", null); // 600 s, in time
    service.close(ids.get("pm-1"), "alice", null);
    clock.advance(Duration.ofMinutes(20));
    service.resolve(ids.get("pm-2"), "alice", null); // 1800 s, 15 min late
    clock.advance(Duration.ofMinutes(10));
    send(new S(pm4, T0.plus(Duration.ofMinutes(40)), 48.0)); // d (c2) raised at T0+40m
    long d = events().get(0).id();
    clock.advance(Duration.ofMinutes(10));
    service.resolve(d, "bob", null); // 600 s
    service.close(d, "bob", null);
    clock.advance(Duration.ofMinutes(40));
    send(new S(pm4, T0.plus(Duration.ofMinutes(90)), 48.0)); // e, raised after the period
    clock.advance(Duration.ofMinutes(30)); // now T0+2h: c is past due, unresolved

    Instant from = T0;
    Instant to = T0.plus(Duration.ofHours(1));
    assertThat(service.kpis(null, from, to))
        .containsExactly(
            new UnitKpi(null, 4, 3, 2, 0.5, 1000.0, 2),
            new UnitKpi("c1", 2, 2, 1, 0.5, 1200.0, 1),
            new UnitKpi("c2", 2, 1, 1, 0.5, 600.0, 1));
    assertThat(service.kpis(Set.of("c1"), from, to))
        .containsExactly(
            new UnitKpi(null, 2, 2, 1, 0.5, 1200.0, 1), new UnitKpi("c1", 2, 2, 1, 0.5, 1200.0, 1));
    assertThat(service.kpis(Set.of(), from, to))
        .containsExactly(new UnitKpi(null, 0, 0, 0, 0.0, null, 0));
    assertThat(service.kpis(Set.of("c2"), T0.minus(Duration.ofDays(1)), T0))
        .as("raised before the period")
        .containsExactly(new UnitKpi(null, 0, 0, 0, 0.0, null, 0));
  }

  @Test
  void aFreshServiceTakesUpTheActiveEvents() {
    send(new S(PM1, T0, 48.0));
    send(new S(PM2, T0, 48.0));
    long pm2 = events().get(0).id();
    service.resolve(pm2, "alice", null);

    EventService restarted = new EventService(db, clock, () -> rules);
    restarted.accept(new S(PM1, T0.plusSeconds(60), 50.0).build());
    restarted.accept(new S(PM2, T0.plusSeconds(60), 50.0).build());

    assertThat(events())
        .extracting(Event::deviceId, Event::count, Event::status)
        .containsExactly(
            tuple("pm-2", 1L, EventStatus.OPEN),
            tuple("pm-2", 1L, EventStatus.RESOLVED),
            tuple("pm-1", 2L, EventStatus.OPEN));
  }

  @Test
  void anEventResolvedBehindTheServicesBackIsRaisedAnew() {
    send(new S(PM1, T0, 48.0));
    EventService other = new EventService(db, clock, () -> rules);
    other.resolve(only().id(), "alice", null);

    send(new S(PM1, T0.plusSeconds(60), 50.0));

    assertThat(events())
        .extracting(Event::count, Event::status)
        .containsExactly(tuple(1L, EventStatus.OPEN), tuple(1L, EventStatus.RESOLVED));
  }

  @Test
  void aSecondWriterMergesIntoTheStoredActiveEvent() {
    EventService other = new EventService(db, clock, () -> rules);
    send(new S(PM1, T0, 48.0));

    // the other service has no cache entry: its insert meets the unique active key
    other.accept(new S(PM1, T0.plusSeconds(60), 50.0).build());

    Event e = only();
    assertThat(e.count()).isEqualTo(2);
    assertThat(e.lastValue()).isEqualTo(50.0);
  }

  @Test
  void operatorsResolvingWhileTheRulesRaiseLoseNoSignal() throws Exception {
    int raises = 200;
    Thread rulesThread =
        new Thread(
            () -> {
              for (int i = 0; i < raises; i++) {
                service.accept(new S(PM1, T0.plusSeconds(i), (double) i).build());
              }
            });
    rulesThread.start();
    int resolved = 0;
    while (rulesThread.isAlive() || resolved == 0) {
      for (Event e : service.find(activeOnly()).items()) {
        try {
          service.resolve(e.id(), "alice", null);
          resolved++;
        } catch (TransitionException alreadyResolved) {
          // resolved between the find and the resolve: fine
        }
      }
    }
    rulesThread.join();

    List<Event> events =
        service.find(new EventFilter(null, null, null, null, null, null, null, 0, 1000)).items();
    assertThat(events.stream().mapToLong(Event::count).sum()).isEqualTo(raises);
    assertThat(events.stream().filter(e -> e.status().active()).count()).isLessThanOrEqualTo(1);
    assertThat(events).hasSizeGreaterThanOrEqualTo(resolved);
  }

  private static EventFilter activeOnly() {
    return new EventFilter(
        Set.of(EventStatus.OPEN, EventStatus.ACKNOWLEDGED),
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        10);
  }

  @Test
  void listenersHearChangesAndAThrowingOneBreaksNothing() {
    Runnable unregisterBroken =
        service.listen(
            c -> {
              throw new IllegalStateException("broken screen");
            });
    List<EventChange> late = new ArrayList<>();
    Runnable unregisterLate = service.listen(late::add);

    send(new S(PM1, T0, 48.0));
    send(new S(PM1, T0, 49.0));
    assertThat(only().count()).isEqualTo(2);
    assertThat(kinds()).containsExactly("raised", "updated");
    assertThat(late).extracting(EventChange::kind).containsExactly("raised", "updated");

    unregisterLate.run();
    unregisterBroken.run();
    service.acknowledge(only().id(), "alice", null);
    assertThat(late).hasSize(2);
    assertThat(kinds()).containsExactly("raised", "updated", "acknowledged");
    assertThat(changes.get(2).event().status()).isEqualTo(EventStatus.ACKNOWLEDGED);
  }
}
