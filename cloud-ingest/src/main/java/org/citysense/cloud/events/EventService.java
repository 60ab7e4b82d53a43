package org.citysense.cloud.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.db.Transactions;
import org.citysense.cloud.evaluate.DeviceContext;
import org.citysense.cloud.evaluate.Signal;
import org.citysense.cloud.evaluate.SignalPosition;
import org.citysense.cloud.evaluate.SignalSink;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.rules.Severity;
import org.citysense.profiles.wire.EdgeAction;
import org.jboss.logging.Logger;

/**
 * Turns signals into events and runs their lifecycle: at most one active event per (rule, subject),
 * repeats update it, clears auto-resolve it where the rule allows, every transition is audited,
 * devices in maintenance mode ({@link MaintenanceService}) raise test events. Listeners hear of
 * every change.
 *
 * <p>The active events are cached by their active key, so a repeated signal costs one UPDATE. Every
 * write runs under one lock: the rules thread and the operators' HTTP threads take turns, and the
 * cache follows each commit. The store stays the truth: an update that finds its event no longer
 * active drops it from the cache, and the unique active key refuses a second active event.
 * Listeners are called after the commit, in commit order, on the writing thread: they must be quick
 * (hand the change to a queue); they are for live screens. What someone must act on (raised,
 * acknowledged, resolved, closed) also goes to the outbox ({@code event_changes}) in the same
 * transaction, which the notifier reads: a crash between the two loses nothing.
 *
 * <p>Signals from the rules come with their {@link org.citysense.cloud.evaluate.SignalPosition},
 * which each event keeps for the latest signal it took. After a crash the rules replay the log from
 * their checkpoint and make the same signals again; one that is not newer than what its (rule,
 * subject) holds was applied before and is skipped, so a replay raises no second event and counts
 * no repeat twice. Only signals up to the newest position stored at start can be replays, so the
 * check costs a query during a replay alone; a silence check's signal is never one (checks are not
 * in the log).
 */
public final class EventService implements SignalSink {
  public static final String SYSTEM = "system";

  private static final Logger LOG = Logger.getLogger(EventService.class);

  /** SQLSTATE of a unique violation, on PostgreSQL and H2 alike. */
  private static final String UNIQUE_VIOLATION = "23505";

  private final Transactions db;
  private final Clock clock;
  private final Supplier<RuleSet> rules;
  private final EventRepository events = new EventRepository();
  private final MaintenanceRepository maintenance = new MaintenanceRepository();
  private final EventChanges changes = new EventChanges();
  private final List<Consumer<EventChange>> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();

  /** The open and acknowledged events by active key, as committed; guarded by {@link #lock}. */
  private final Map<String, Event> active = new HashMap<>();

  /**
   * The newest signal position stored at start, per partition of the log: a signal not after its
   * partition's may be a replay.
   */
  private final Map<Integer, Long> replayHorizon = new HashMap<>();

  /**
   * Loads the active events of the store.
   *
   * @param rules the rule set in force, for SLA due times and the late mark
   */
  public EventService(DataSource dataSource, Clock clock, Supplier<RuleSet> rules) {
    this.db = new Transactions(dataSource);
    this.clock = clock;
    this.rules = rules;
    for (Event e : db.once("loading the active events", events::allActive)) {
      active.put(EventRepository.activeKey(e), e);
    }
    replayHorizon.putAll(db.once("reading the newest signal positions", events::maxPositions));
  }

  /**
   * Before this node judges a partition of the log another node judged (a cluster's takeover): what
   * that node stored is read back, the partition's replay horizon and the active events, so that
   * the signals it judges again are known for replays and a clear finds its event.
   */
  public void takeOver(int partition) {
    Map<Integer, Long> newest =
        db.once("reading the newest signal positions", events::maxPositions);
    List<Event> stored = db.once("loading the active events", events::allActive);
    synchronized (lock) {
      replayHorizon.put(partition, newest.getOrDefault(partition, 0L));
      active.clear();
      for (Event e : stored) {
        active.put(EventRepository.activeKey(e), e);
      }
    }
  }

  /** A signal without a log position (a test, a tool): always applied. */
  @Override
  public void accept(Signal signal) {
    apply(signal, 0);
  }

  /**
   * From the rules: create, update or clear the active event of the signal's (rule, subject),
   * unless the signal at {@code position} was applied before (a replay after a crash).
   *
   * @param position the signal's {@link org.citysense.cloud.evaluate.SignalPosition}, or 0 for none
   * @return false when it was skipped as applied before
   */
  public boolean apply(Signal signal, long position) {
    Objects.requireNonNull(signal.ruleId(), "ruleId");
    Objects.requireNonNull(signal.subject(), "subject");
    Objects.requireNonNull(signal.at(), "at");
    String key =
        EventRepository.activeKey(signal.ruleId(), signal.subject().kind(), signal.subject().id());
    synchronized (lock) {
      if (position > 0
          && position <= replayHorizon.getOrDefault(SignalPosition.partition(position), 0L)
          && !SignalPosition.isTick(position)
          && appliedBefore(signal, position)) {
        return false;
      }
      if (signal.kind() == Signal.Kind.RAISE) {
        raise(key, signal, position);
      } else {
        clear(key, signal, position);
      }
      return true;
    }
  }

  private boolean appliedBefore(Signal signal, long position) {
    long latest =
        db.once(
            "reading the latest signal of " + signal.ruleId() + " on " + signal.subject(),
            c ->
                events.latestPosition(
                    c, signal.ruleId(), signal.subject().kind(), signal.subject().id()));
    return latest >= position;
  }

  private void raise(String key, Signal signal, long position) {
    Event current = active.get(key);
    if (current != null) {
      if (repeat(key, current, signal, position)) {
        return;
      }
      LOG.warnf(
          "event no longer active in the store, raising anew [event: %d, key: %s]",
          current.id(), key);
      active.remove(key);
    }
    Event created;
    try {
      created = create(signal, position);
    } catch (DataAccessException e) {
      if (!(e.getCause() instanceof SQLException s) || !UNIQUE_VIOLATION.equals(s.getSQLState())) {
        throw e;
      }
      // another writer holds an active event for the key: the store wins
      Event stored =
          db.once("reading the active event " + key, c -> events.active(c, key))
              .orElseThrow(() -> e);
      if (!repeat(key, stored, signal, position)) {
        throw e;
      }
      return;
    }
    active.put(key, created);
    notifyListeners(new EventChange("raised", created));
  }

  /** Merges a repeated signal into the active event; false when the store has it inactive. */
  private boolean repeat(String key, Event current, Signal signal, long position) {
    EventEdit e = new EventEdit(current);
    e.count = current.count() + 1;
    if (signal.value() != null) {
      e.lastValue = signal.value();
    }
    Instant at = micros(signal.at());
    if (at.isAfter(current.lastSeenAt())) {
      e.lastSeenAt = at;
    }
    e.summary = signal.summary();
    e.details = signal.details();
    e.conditionCleared = false;
    e.edge = current.edge() || signal.edge();
    // what the gateway did stays on record; a repeated alarm repeats its actions
    List<EdgeAction> actions = new ArrayList<>(current.actions());
    for (EdgeAction a : signal.actions()) {
      if (!actions.contains(a)) {
        actions.add(a);
      }
    }
    e.actions = actions;
    Severity severity = moreSevere(current.severity(), signal.severity());
    if (severity != current.severity()) {
      // escalated (an edge alarm and a cloud rule met): the tighter SLA applies
      e.severity = severity;
      Instant due = current.raisedAt().plus(rules.get().sla(severity));
      if (due.isBefore(current.dueAt())) {
        e.dueAt = due;
      }
    }
    Event updated = e.build();
    if (!db.once(
        "updating event " + current.id(), c -> events.updateRepeat(c, updated, position))) {
      return false;
    }
    active.put(key, updated);
    notifyListeners(new EventChange("updated", updated));
    return true;
  }

  private Event create(Signal signal, long position) {
    RuleSet ruleSet = rules.get();
    Instant now = now();
    Instant at = micros(signal.at());
    DeviceContext device = signal.device();
    String kind = signal.subject().kind();
    String subjectId = signal.subject().id();
    String stationId = signal.stationId();
    if (stationId == null && device != null) {
      stationId = device.stationId();
    }
    if (stationId == null && "station".equals(kind)) {
      stationId = subjectId;
    }
    String gatewayId = device != null ? device.gatewayId() : null;
    if (gatewayId == null && "gateway".equals(kind)) {
      gatewayId = subjectId;
    }
    Event draft =
        new Event(
            0,
            signal.ruleId(),
            signal.ruleType(),
            signal.severity(),
            signal.category(),
            kind,
            subjectId,
            device != null ? device.deviceId() : null,
            stationId,
            device != null ? device.householdId() : null,
            gatewayId,
            signal.unitId(),
            EventStatus.OPEN,
            signal.summary(),
            signal.details(),
            1,
            signal.value(),
            signal.value(),
            at,
            at,
            now,
            now.plus(ruleSet.sla(signal.severity())),
            Duration.between(at, now).compareTo(ruleSet.lateAfter()) > 0,
            false,
            signal.edge(),
            false,
            signal.actions(),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    return db.inTransaction(
        "raising an event for " + EventRepository.activeKey(draft),
        c -> {
          Event toStore = draft;
          String note = signal.summary();
          Optional<Maintenance> window =
              device == null ? Optional.empty() : maintenance.at(c, device.deviceId(), at);
          if (window.isPresent()) {
            // shown in the list (details) and the audit: who silenced it, until when, why
            Maintenance m = window.get();
            EventEdit e = new EventEdit(draft);
            e.test = true;
            Map<String, Object> details = new HashMap<>(draft.details());
            Map<String, Object> shown = new HashMap<>();
            shown.put("until", m.until().toString());
            shown.put("startedBy", m.startedBy());
            if (m.note() != null) {
              shown.put("note", m.note());
            }
            details.put("maintenance", shown);
            e.details = details;
            toStore = e.build();
            note =
                note
                    + " (test: device in maintenance until "
                    + m.until()
                    + ", started by "
                    + m.startedBy()
                    + (m.note() == null ? "" : ": " + m.note())
                    + ")";
          }
          Event created = events.insert(c, toStore, position);
          events.audit(
              c, new AuditEntry(created.id(), now, SYSTEM, "raised", null, EventStatus.OPEN, note));
          changes.append(c, created.id(), "raised", now);
          return created;
        });
  }

  private void clear(String key, Signal signal, long position) {
    Event current = active.get(key);
    if (current == null) {
      // another node may have raised it (a cluster): the store knows
      current = db.once("reading the active event " + key, c -> events.active(c, key)).orElse(null);
    }
    if (current == null || (!signal.autoResolve() && current.conditionCleared())) {
      return;
    }
    String note =
        signal.value() == null ? "condition cleared" : "cleared at value " + signal.value();
    Instant now = now();
    try {
      if (signal.autoResolve()) {
        transition(
            current.id(),
            SYSTEM,
            "auto-resolved",
            "resolved",
            note,
            position,
            e -> {
              requireActive(e);
              EventEdit edit = new EventEdit(e);
              edit.status = EventStatus.RESOLVED;
              edit.conditionCleared = true;
              edit.resolvedAt = now;
              edit.resolvedBy = SYSTEM;
              return edit.build();
            });
      } else {
        transition(
            current.id(),
            SYSTEM,
            "condition cleared",
            "cleared",
            note,
            position,
            e -> {
              requireActive(e);
              EventEdit edit = new EventEdit(e);
              edit.conditionCleared = true;
              return edit.build();
            });
      }
    } catch (TransitionException | NotFoundException e) {
      LOG.warnf("event no longer active in the store, clear ignored [event: %d]", current.id());
      active.remove(key);
    }
  }

  private static void requireActive(Event e) {
    if (!e.status().active()) {
      throw new TransitionException("event " + e.id() + " is " + e.status().id());
    }
  }

  public Optional<Event> get(long id) {
    return db.once("reading event " + id, c -> events.get(c, id));
  }

  /** A page of the events matching the filter, newest opened first, and how many match. */
  public EventPage find(EventFilter filter) {
    if (filter.offset() < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + filter.offset());
    }
    if ((filter.unitIds() != null && filter.unitIds().isEmpty())
        || (filter.householdIds() != null && filter.householdIds().isEmpty())) {
      return new EventPage(List.of(), 0, filter.offset(), filter.limit());
    }
    return db.inTransaction(
        "finding events",
        c ->
            new EventPage(
                filter.limit() <= 0 ? List.of() : events.find(c, filter),
                events.count(c, filter),
                filter.offset(),
                filter.limit()));
  }

  /** The event's audit trail, oldest first; empty for an unknown event. */
  public List<AuditEntry> audit(long id) {
    return db.once("reading the audit trail of event " + id, c -> events.audit(c, id));
  }

  /**
   * OPEN → ACKNOWLEDGED.
   *
   * @throws NotFoundException when there is no such event
   * @throws TransitionException when the event's status does not allow it
   */
  public Event acknowledge(long id, String actor, String note) {
    requireText("actor", actor);
    Instant now = now();
    return transition(
        id,
        actor,
        "acknowledged",
        "acknowledged",
        note,
        0,
        e -> {
          if (e.status() != EventStatus.OPEN) {
            throw refused(e, EventStatus.ACKNOWLEDGED, "only an open event can be acknowledged");
          }
          EventEdit edit = new EventEdit(e);
          edit.status = EventStatus.ACKNOWLEDGED;
          edit.acknowledgedAt = now;
          edit.acknowledgedBy = actor;
          return edit.build();
        });
  }

  /** The audit action of a family's acknowledgement; the event's status stays. */
  public static final String FAMILY_ACKNOWLEDGED = "family_acked";

  /**
   * A family member acknowledges an open event without taking it off the staff's hands: reminders
   * to the family stop, the status stays open, so escalation to the staff goes on until a staff
   * member acknowledges or the event is resolved. Once per event.
   *
   * @throws NotFoundException when there is no such event
   * @throws TransitionException when the event is not open, or the family acknowledged it already
   */
  public Event acknowledgeForFamily(long id, String actor, String note) {
    requireText("actor", actor);
    return transition(
        id,
        actor,
        FAMILY_ACKNOWLEDGED,
        FAMILY_ACKNOWLEDGED,
        note,
        0,
        e -> {
          if (e.status() != EventStatus.OPEN) {
            throw refused(e, EventStatus.ACKNOWLEDGED, "only an open event can be acknowledged");
          }
          return e;
        },
        (c, e) -> {
          if (events.audit(c, id).stream().anyMatch(a -> FAMILY_ACKNOWLEDGED.equals(a.action()))) {
            throw new TransitionException(
                "event "
                    + id
                    + " is already acknowledged by the family; the staff still follow it");
          }
        });
  }

  /** Whether a family member acknowledged the event ({@link #acknowledgeForFamily}). */
  public boolean familyAcknowledged(long id) {
    return audit(id).stream().anyMatch(a -> FAMILY_ACKNOWLEDGED.equals(a.action()));
  }

  /**
   * Sets who deals with an open or acknowledged event; the status stays.
   *
   * @throws NotFoundException when there is no such event
   * @throws TransitionException when the event is resolved or closed
   */
  public Event assign(long id, String actor, String assignee, String note) {
    requireText("actor", actor);
    requireText("assignee", assignee);
    String who = assignee.strip();
    String auditNote = note == null || note.isBlank() ? who : who + ": " + note;
    return transition(
        id,
        actor,
        "assigned",
        "assigned",
        auditNote,
        0,
        e -> {
          if (!e.status().active()) {
            throw refused(e, null, "only an open or acknowledged event can be assigned");
          }
          EventEdit edit = new EventEdit(e);
          edit.assignee = who;
          return edit.build();
        });
  }

  /**
   * OPEN or ACKNOWLEDGED → RESOLVED; a new signal then raises a new event.
   *
   * @throws NotFoundException when there is no such event
   * @throws TransitionException when the event is resolved or closed
   */
  public Event resolve(long id, String actor, String note) {
    requireText("actor", actor);
    Instant now = now();
    return transition(
        id,
        actor,
        "resolved",
        "resolved",
        note,
        0,
        e -> {
          if (!e.status().active()) {
            throw refused(
                e, EventStatus.RESOLVED, "only an open or acknowledged event can be resolved");
          }
          EventEdit edit = new EventEdit(e);
          edit.status = EventStatus.RESOLVED;
          edit.resolvedAt = now;
          edit.resolvedBy = actor;
          return edit.build();
        });
  }

  /**
   * RESOLVED → CLOSED: the loop is closed; {@code note} is the feedback.
   *
   * @throws NotFoundException when there is no such event
   * @throws TransitionException when the event is not resolved
   */
  public Event close(long id, String actor, String note) {
    requireText("actor", actor);
    Instant now = now();
    return transition(
        id,
        actor,
        "closed",
        "closed",
        note,
        0,
        e -> {
          if (e.status() != EventStatus.RESOLVED) {
            throw refused(e, EventStatus.CLOSED, "only a resolved event can be closed");
          }
          EventEdit edit = new EventEdit(e);
          edit.status = EventStatus.CLOSED;
          edit.closedAt = now;
          edit.closedBy = actor;
          return edit.build();
        });
  }

  /**
   * @param target the status the step leads to: being in it already reads "already"
   */
  private static TransitionException refused(Event e, EventStatus target, String rule) {
    if (e.status() == target) {
      return new TransitionException("event " + e.id() + " is already " + e.status().id());
    }
    return new TransitionException("event " + e.id() + " is " + e.status().id() + "; " + rule);
  }

  /**
   * Applies one lifecycle step in one transaction (the row locked, the step checked against its
   * stored status, the audit entry and the outbox row written), then updates the cache and tells
   * the listeners.
   *
   * @param position the position of the signal that makes the step, or 0 for a person's step
   */
  private Event transition(
      long id,
      String actor,
      String action,
      String kind,
      String note,
      long position,
      UnaryOperator<Event> step) {
    return transition(id, actor, action, kind, note, position, step, (c, e) -> {});
  }

  /** A check of the locked event's stored state, inside the step's transaction. */
  private interface Precondition {
    void check(Connection c, Event locked) throws SQLException;
  }

  private Event transition(
      long id,
      String actor,
      String action,
      String kind,
      String note,
      long position,
      UnaryOperator<Event> step,
      Precondition precondition) {
    synchronized (lock) {
      Instant now = now();
      Event after =
          db.inTransaction(
              action + " event " + id + " by " + actor,
              c -> {
                Event before =
                    events
                        .lock(c, id)
                        .orElseThrow(() -> new NotFoundException("event", Long.toString(id)));
                precondition.check(c, before);
                Event next = step.apply(before);
                events.updateLifecycle(c, next);
                events.audit(
                    c,
                    new AuditEntry(id, now, actor, action, before.status(), next.status(), note));
                if (position > 0) {
                  events.advancePosition(c, id, position);
                }
                changes.append(c, id, kind, now);
                return next;
              });
      String key = EventRepository.activeKey(after);
      if (after.status().active()) {
        active.put(key, after);
      } else {
        active.computeIfPresent(key, (k, cached) -> cached.id() == after.id() ? null : cached);
      }
      notifyListeners(new EventChange(kind, after));
      return after;
    }
  }

  /**
   * Closure rate and time to resolve of the events raised in [from, to), per unit of {@code
   * unitIds} (null: all) that raised any, after a total (unit null) that comes first.
   */
  public List<UnitKpi> kpis(Set<String> unitIds, Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (unitIds != null && unitIds.isEmpty()) {
      return Kpis.of(List.of());
    }
    Instant now = now();
    return Kpis.of(db.once("computing event KPIs", c -> events.kpiRows(c, unitIds, from, to, now)));
  }

  /** The outbox's changes after {@code position}, oldest first, at most {@code limit}. */
  public List<StoredChange> changesAfter(long position, int limit) {
    return db.once("reading the events' outbox", c -> changes.after(c, position, limit));
  }

  /** The newest position of the outbox (0 when empty). */
  public long latestChange() {
    return db.once("reading the events' outbox", changes::head);
  }

  /** Forgets outbox changes up to {@code position} older than {@code before}; returns how many. */
  public int pruneChanges(long position, Instant before) {
    return db.once("pruning the events' outbox", c -> changes.deleteUpTo(c, position, before));
  }

  /**
   * A change another node of a cluster made, for this node's listeners (its live streams, its
   * notifier): told as if made here, nothing stored.
   */
  public void relay(EventChange change) {
    notifyListeners(change);
  }

  /** Registers a listener for every change; returns how to unregister it. */
  public Runnable listen(Consumer<EventChange> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void notifyListeners(EventChange change) {
    for (Consumer<EventChange> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.errorf(
            e, "event listener failed [event: %d, change: %s]", change.event().id(), change.kind());
      }
    }
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }

  /** The clock, to the microsecond that both databases keep, so cached and stored events agree. */
  private Instant now() {
    return micros(clock.instant());
  }

  private static Instant micros(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  /** The more severe of two severities (CRITICAL is the most). */
  static Severity moreSevere(Severity a, Severity b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
