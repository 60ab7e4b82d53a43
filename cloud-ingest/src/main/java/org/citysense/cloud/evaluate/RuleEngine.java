package org.citysense.cloud.evaluate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.citysense.cloud.ingest.IngestService;
import org.citysense.cloud.rules.Rule;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.cloud.rules.StateRule;
import org.citysense.cloud.rules.ThresholdRule;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;
import org.jboss.logging.Logger;

/**
 * Runs every rule on every accepted batch, in event time: the batch's readings and edge events are
 * taken in timestamp order, so a backlog replayed hours later is judged at its own timestamps.
 *
 * <p>An alarm the gateway raised itself becomes a signal of the cloud rule that watches the same
 * quantity (a threshold above, or a state rule), on the same subject, so the edge's alarm and the
 * cloud's own finding are one event. With no such rule it is an event of its own ({@code edge}).
 *
 * <p>Called from the hand-off thread, the tick timer and rule changes; one lock keeps evaluators
 * single-threaded as they expect.
 */
public final class RuleEngine implements Consumer<IngestService.Accepted> {
  private static final Logger LOG = Logger.getLogger(RuleEngine.class);
  private static final String EDGE_RULE = "edge";

  private final RuleDirectory directory;
  private final ProfileCatalog profiles;
  private final SignalSink out;
  private final Function<RuleSet, List<Evaluator>> evaluatorsFor;
  private final Clock clock;
  private List<Evaluator> evaluators = List.of();
  private RuleSet rules;

  /**
   * @param evaluatorsFor makes the evaluators of a rule set (fresh state)
   */
  public RuleEngine(
      RuleDirectory directory,
      ProfileCatalog profiles,
      SignalSink out,
      Function<RuleSet, List<Evaluator>> evaluatorsFor,
      Clock clock,
      RuleSet rules) {
    this.directory = directory;
    this.profiles = profiles;
    this.out = out;
    this.evaluatorsFor = evaluatorsFor;
    this.clock = clock;
    use(rules);
  }

  /**
   * Puts a new rule set in force. Evaluators of rules that did not change keep their state (their
   * windows, their raised conditions); the others start afresh.
   */
  public synchronized void use(RuleSet next) {
    Map<Rule, Evaluator> kept = new java.util.HashMap<>();
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

  @Override
  public synchronized void accept(IngestService.Accepted accepted) {
    Instant now = clock.instant();
    for (Evaluator e : evaluators) {
      e.gatewayContact(accepted.gatewayId(), now, out);
    }
    for (Item item : inEventTime(accepted)) {
      if (item.reading() != null) {
        observe(item.reading());
      } else if (item.edge() != null) {
        edge(item.edge(), accepted.gatewayId());
      } else {
        status(item.status(), accepted.gatewayId());
      }
    }
  }

  /** Lets the rules notice silence; called every few seconds. */
  public synchronized void tick() {
    Instant now = clock.instant();
    for (Evaluator e : evaluators) {
      e.tick(now, out);
    }
  }

  public synchronized List<RuleStatus> status() {
    return evaluators.stream().map(Evaluator::status).toList();
  }

  /** One thing a batch reports: a reading, an edge event or a status change. */
  private record Item(long ts, WireReading reading, EdgeEvent edge, StatusChange status) {}

  private static List<Item> inEventTime(IngestService.Accepted accepted) {
    List<Item> items = new ArrayList<>();
    for (WireReading r : accepted.readings()) {
      items.add(new Item(r.ts(), r, null, null));
    }
    for (EdgeEvent e : accepted.batch().edgeEvents()) {
      items.add(new Item(e.ts(), null, e, null));
    }
    for (StatusChange c : accepted.batch().statusChanges()) {
      items.add(new Item(c.ts(), null, null, c));
    }
    // stable: readings of equal time keep the gateway's order
    items.sort(Comparator.comparingLong(Item::ts));
    return items;
  }

  private void observe(WireReading r) {
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
      } catch (RuntimeException failure) {
        // one broken rule must not silence the others
        LOG.errorf(
            failure,
            "rule %s failed on a reading [device: %s, point: %s]",
            e.rule().id(),
            r.deviceId(),
            r.point());
      }
    }
  }

  private void status(StatusChange change, String gatewayId) {
    Optional<DeviceContext> device = directory.device(change.deviceId());
    if (device.isEmpty() || !device.get().gatewayId().equals(gatewayId)) {
      return; // not this gateway's device: the ingest refused its readings too
    }
    for (Evaluator e : evaluators) {
      e.statusChange(device.get(), change, out);
    }
  }

  private void edge(EdgeEvent event, String gatewayId) {
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
