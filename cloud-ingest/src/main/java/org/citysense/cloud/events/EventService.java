package org.citysense.cloud.events;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.citysense.cloud.evaluate.Signal;
import org.citysense.cloud.evaluate.SignalSink;
import org.citysense.cloud.rules.RuleSet;

/**
 * Turns signals into events and runs their lifecycle: at most one active event per (rule, subject),
 * repeats update it, clears auto-resolve it where the rule allows, every transition is audited,
 * devices in maintenance mode raise test events. Listeners hear of every change.
 */
public final class EventService implements SignalSink {
  public static final String SYSTEM = "system";

  /**
   * @param rules the rule set in force, for SLA due times and the late mark
   */
  public EventService(DataSource dataSource, Clock clock, Supplier<RuleSet> rules) {
    throw new UnsupportedOperationException("TODO");
  }

  /** From the rules: create, update or clear the active event of the signal's (rule, subject). */
  @Override
  public void accept(Signal signal) {
    throw new UnsupportedOperationException("TODO");
  }

  public Optional<Event> get(long id) {
    throw new UnsupportedOperationException("TODO");
  }

  public EventPage find(EventFilter filter) {
    throw new UnsupportedOperationException("TODO");
  }

  public List<AuditEntry> audit(long id) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * @throws NotFoundException when there is no such event
   * @throws TransitionException when the event's status does not allow it
   */
  public Event acknowledge(long id, String actor, String note) {
    throw new UnsupportedOperationException("TODO");
  }

  public Event assign(long id, String actor, String assignee, String note) {
    throw new UnsupportedOperationException("TODO");
  }

  public Event resolve(long id, String actor, String note) {
    throw new UnsupportedOperationException("TODO");
  }

  public Event close(long id, String actor, String note) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Closure rate and time to resolve per unit of {@code unitIds} (null: all), plus a total. */
  public List<UnitKpi> kpis(Set<String> unitIds, java.time.Instant from, java.time.Instant to) {
    throw new UnsupportedOperationException("TODO");
  }

  public Maintenance startMaintenance(
      String deviceId, java.time.Instant until, String actor, String note) {
    throw new UnsupportedOperationException("TODO");
  }

  public void endMaintenance(String deviceId, String actor) {
    throw new UnsupportedOperationException("TODO");
  }

  public Optional<Maintenance> maintenance(String deviceId) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Registers a listener for every change; returns how to unregister it. */
  public Runnable listen(Consumer<EventChange> listener) {
    throw new UnsupportedOperationException("TODO");
  }
}
