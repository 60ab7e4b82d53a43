package org.citysense.cloud.evaluate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.ingest.Accepted;
import org.citysense.cloud.rules.Rule;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.cloud.rules.StateRule;
import org.citysense.cloud.rules.StationStatus;
import org.citysense.cloud.rules.ThresholdRule;
import org.citysense.cloud.store.StoreUnavailableException;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;
import org.jboss.logging.Logger;

/**
 * Runs every rule on every accepted batch, in event time: the batch's readings and edge events are
 * taken in timestamp order, so a backlog replayed hours later is judged at its own timestamps. It
 * writes nothing itself: it returns the signals it found, each with its {@link SignalPosition}, for
 * the caller to store (the rule runtime, which retries what fails and commits only after).
 *
 * <p>An alarm the gateway raised itself becomes a signal of the cloud rule that watches the same
 * quantity (a threshold above, or a state rule), on the same subject, so the edge's alarm and the
 * cloud's own finding are one event. With no such rule it is an event of its own ({@code edge}).
 *
 * <p>A rule that throws on an item is reported in the {@link Evaluation} and the other rules go on;
 * a failure to reach the registry ({@link DataAccessException}) is thrown, since no rule could
 * judge the item: the caller rewinds to its checkpoint and tries again later.
 *
 * <p>Called from the rules' thread and from rule changes; one lock keeps evaluators single-threaded
 * as they expect.
 */
public final class RuleEngine {
  private static final Logger LOG = Logger.getLogger(RuleEngine.class);
  private static final String EDGE_RULE = "edge";

  private final RuleDirectory directory;
  private final ProfileCatalog profiles;
  private final Function<RuleSet, List<Evaluator>> evaluatorsFor;
  private final int partition;
  private List<Evaluator> evaluators = List.of();
  private RuleSet rules;
  private long ticks;

  /** One rule's state in a checkpoint: the rule as it was defined, and what it kept. */
  public record RuleState(String definition, Object state) {}

  /** Where {@link #restore} finds each rule's state. */
  public interface StateSource {
    /** The state kept for the rule with this id and definition, read as {@code type}. */
    <S> Optional<S> state(String ruleId, String definition, Class<S> type);

    /** No state at all: every rule afresh. */
    StateSource NONE =
        new StateSource() {
          @Override
          public <S> Optional<S> state(String ruleId, String definition, Class<S> type) {
            return Optional.empty();
          }
        };
  }

  /**
   * The engine of partition 0: the embedded log's one.
   *
   * @param evaluatorsFor makes the evaluators of a rule set (fresh state)
   */
  public RuleEngine(
      RuleDirectory directory,
      ProfileCatalog profiles,
      Function<RuleSet, List<Evaluator>> evaluatorsFor,
      RuleSet rules) {
    this(directory, profiles, evaluatorsFor, rules, 0);
  }

  /**
   * @param partition the log partition whose entries this engine judges: part of every position
   */
  public RuleEngine(
      RuleDirectory directory,
      ProfileCatalog profiles,
      Function<RuleSet, List<Evaluator>> evaluatorsFor,
      RuleSet rules,
      int partition) {
    this.directory = directory;
    this.profiles = profiles;
    this.evaluatorsFor = evaluatorsFor;
    this.partition = partition;
    use(rules);
  }

  /**
   * Puts a new rule set in force. Evaluators of rules that did not change keep their state (their
   * windows, their raised conditions); the others start afresh.
   */
  public synchronized void use(RuleSet next) {
    Map<Rule, Evaluator> kept = new HashMap<>();
    for (Evaluator e : evaluators) {
      kept.put(e.rule(), e);
    }
    List<Evaluator> fresh = evaluatorsFor.apply(next);
    List<Evaluator> chosen = new ArrayList<>(fresh.size());
    for (Evaluator e : fresh) {
      chosen.add(kept.getOrDefault(e.rule(), e));
    }
    this.evaluators = List.copyOf(chosen);
    this.rules = next;
  }

  public synchronized RuleSet rules() {
    return rules;
  }

  /**
   * Judges the items of log entry {@code entry}.
   *
   * @throws DataAccessException when the registry cannot be read: nothing may have been judged
   */
  public synchronized Evaluation evaluate(long entry, Accepted accepted) {
    Collector out = new Collector();
    List<Evaluation.RuleFailure> failures = new ArrayList<>();
    out.position = SignalPosition.item(partition, entry, 0);
    for (Evaluator e : evaluators) {
      e.gatewayContact(accepted.gatewayId(), accepted.acceptedAt(), out);
    }
    List<Item> items = inEventTime(accepted);
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      out.position = SignalPosition.item(partition, entry, i);
      if (item.reading() != null) {
        observe(item.reading(), accepted.gatewayId(), out, failures);
      } else if (item.edge() != null) {
        edge(item.edge(), accepted.gatewayId(), out);
      } else {
        status(item.status(), accepted.gatewayId(), out);
      }
    }
    return new Evaluation(out.signals, failures);
  }

  /**
   * Lets the rules notice silence, as of {@code now}, after entry {@code entry}.
   *
   * @param now the time silence is judged at: the cloud's clock once the log is read to its end,
   *     the time of the last entry read while catching up (so a backlog does not look like silence)
   */
  public synchronized Evaluation tick(long entry, Instant now) {
    Collector out = new Collector();
    out.position = SignalPosition.tick(partition, entry, ticks++);
    for (Evaluator e : evaluators) {
      e.tick(now, out);
    }
    return new Evaluation(out.signals, List.of());
  }

  public synchronized List<RuleStatus> status() {
    return evaluators.stream().map(Evaluator::status).toList();
  }

  /** What each rule last made of each station it judges. */
  public synchronized List<StationStatus> stations() {
    return evaluators.stream().flatMap(e -> e.stations().stream()).toList();
  }

  /** Every stateful rule's state, by rule id, for a checkpoint. */
  public synchronized Map<String, RuleState> states() {
    Map<String, RuleState> states = new LinkedHashMap<>();
    for (Evaluator e : evaluators) {
      if (e instanceof Stateful<?> s) {
        states.put(e.rule().id(), new RuleState(definition(e.rule()), s.state()));
      }
    }
    return states;
  }

  /**
   * Puts every rule back to the state {@code source} kept for it, if the rule is defined as it was
   * then; the others start from what {@code seed} knows. Returns the ids of the rules restored.
   */
  public synchronized List<String> restore(StateSource source, Seed seed) {
    evaluators = List.copyOf(evaluatorsFor.apply(rules));
    List<String> restored = new ArrayList<>();
    for (Evaluator e : evaluators) {
      if (e instanceof Stateful<?> s && restore(s, e.rule(), source)) {
        restored.add(e.rule().id());
      } else {
        e.seed(seed);
      }
    }
    return restored;
  }

  private static <S> boolean restore(Stateful<S> s, Rule rule, StateSource source) {
    Optional<S> state = source.state(rule.id(), definition(rule), s.stateType());
    state.ifPresent(s::restore);
    return state.isPresent();
  }

  /** The cloud was not listening from {@code stoppedAt} to {@code startedAt}. */
  public synchronized void resumed(Instant stoppedAt, Instant startedAt) {
    for (Evaluator e : evaluators) {
      e.resumed(stoppedAt, startedAt);
    }
  }

  /** A rule as a checkpoint names it: a state is restored only to a rule defined the same way. */
  static String definition(Rule rule) {
    return rule.toString();
  }

  /** Collects signals with the position of the item being judged. */
  private static final class Collector implements SignalSink {
    final List<Evaluation.Positioned> signals = new ArrayList<>();
    long position;

    @Override
    public void accept(Signal signal) {
      signals.add(new Evaluation.Positioned(position, signal));
    }
  }

  /** One thing a batch reports: a reading, an edge event or a status change. */
  private record Item(long ts, WireReading reading, EdgeEvent edge, StatusChange status) {}

  private static List<Item> inEventTime(Accepted accepted) {
    List<Item> items = new ArrayList<>();
    for (WireReading r : accepted.readings()) {
      items.add(new Item(r.ts(), r, null, null));
    }
    for (EdgeEvent e : accepted.edgeEvents()) {
      items.add(new Item(e.ts(), null, e, null));
    }
    for (StatusChange c : accepted.statusChanges()) {
      items.add(new Item(c.ts(), null, null, c));
    }
    // stable: readings of equal time keep the gateway's order
    items.sort(Comparator.comparingLong(Item::ts));
    return items;
  }

  private void observe(
      WireReading r, String gatewayId, Collector out, List<Evaluation.RuleFailure> failures) {
    Optional<DeviceContext> device = directory.device(r.deviceId());
    if (device.isEmpty()) {
      return;
    }
    Observation o =
        new Observation(
            device.get(),
            r.point(),
            r.quantity(),
            r.value(),
            Instant.ofEpochMilli(r.ts()),
            r.quality());
    for (Evaluator e : evaluators) {
      try {
        e.observe(o, out);
      } catch (DataAccessException | StoreUnavailableException unavailable) {
        throw unavailable;
      } catch (RuntimeException failure) {
        // one broken rule must not silence the others: this reading is set aside for it
        LOG.errorf(
            failure,
            "rule %s failed on a reading [device: %s, point: %s]",
            e.rule().id(),
            r.deviceId(),
            r.point());
        failures.add(
            new Evaluation.RuleFailure(
                out.position, gatewayId, r.deviceId(), e.rule().id(), String.valueOf(failure), r));
      }
    }
  }

  private void status(StatusChange change, String gatewayId, SignalSink out) {
    Optional<DeviceContext> device = directory.device(change.deviceId());
    if (device.isEmpty() || !device.get().gatewayId().equals(gatewayId)) {
      return; // not this gateway's device: the ingest refused its readings too
    }
    for (Evaluator e : evaluators) {
      e.statusChange(device.get(), change, out);
    }
  }

  private void edge(EdgeEvent event, String gatewayId, SignalSink out) {
    Optional<DeviceContext> found = directory.device(event.deviceId());
    if (found.isEmpty() || !found.get().gatewayId().equals(gatewayId)) {
      LOG.warnf(
          "edge event for a device not of its gateway ignored [gateway: %s, device: %s]",
          gatewayId, event.deviceId());
      return;
    }
    DeviceContext device = found.get();
    Optional<Quantity> quantity =
        profiles.find(device.profile()).flatMap(p -> p.point(event.point())).map(Point::quantity);
    Optional<Rule> rule = quantity.flatMap(this::cloudRuleFor);
    boolean raised = EdgeEvent.RAISED.equals(event.kind());
    String what =
        quantity.map(Quantity::id).orElse(event.point())
            + " "
            + event.value()
            + (raised ? " (limit " + event.limit() + ")" : "");
    Signal signal =
        new Signal(
            raised ? Signal.Kind.RAISE : Signal.Kind.CLEAR,
            rule.map(Rule::id).orElse(EDGE_RULE),
            rule.map(Rule::type).orElse(RuleType.EDGE),
            rule.map(Rule::severity).orElse(Severity.CRITICAL),
            quantity.map(q -> Categories.ofValue(q, device)).orElse(Category.ALARM),
            rule.map(Rule::autoResolve).orElse(true),
            SubjectKey.point(device.deviceId(), event.point()),
            device,
            device.stationId(),
            device.unitId(),
            Instant.ofEpochMilli(event.ts()),
            event.value() == null ? null : event.value().asDouble(),
            (raised ? "gateway alarm: " : "gateway alarm cleared: ") + what,
            Map.of("limit", String.valueOf(event.limit()), "raisedBy", "gateway " + gatewayId),
            true,
            event.actions());
    out.accept(signal);
  }

  /** The cloud rule that watches the same quantity as an edge alarm: a threshold or a state. */
  private Optional<Rule> cloudRuleFor(Quantity quantity) {
    for (Rule r : rules.rules()) {
      if (r instanceof ThresholdRule t && t.quantity() == quantity && t.above()) {
        return Optional.of(r);
      }
      if (r instanceof StateRule s && s.quantity() == quantity) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
