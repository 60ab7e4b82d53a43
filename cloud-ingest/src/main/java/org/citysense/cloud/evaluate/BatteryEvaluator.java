package org.citysense.cloud.evaluate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citysense.cloud.rules.BatteryRule;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.profiles.quantity.Quantity;

/**
 * A {@link BatteryRule} at work, per device: a {@code battery} reading at or below {@code below}
 * raises a maintenance signal (again on every such reading); once raised, a reading above {@code
 * clearAt} clears it, and one in between keeps it. Readings of bad quality neither raise nor clear;
 * a reading older than the newest one seen for the device is counted but leaves the state alone.
 */
public final class BatteryEvaluator implements Evaluator, Stateful<BatteryEvaluator.Saved> {
  private final BatteryRule rule;
  private final Map<String, State> states = new HashMap<>();
  private final EvaluationCounts counts = new EvaluationCounts();

  private static final class State {
    final Newest newest;
    boolean raised;

    State(Newest newest) {
      this.newest = newest;
    }
  }

  /** What survives a restart: per device, as {@link State} holds it. */
  public record Saved(List<SavedState> states) {}

  public record SavedState(String key, Instant newest, boolean raised) {}

  public BatteryEvaluator(BatteryRule rule) {
    this.rule = rule;
  }

  @Override
  public BatteryRule rule() {
    return rule;
  }

  @Override
  public void observe(Observation o, SignalSink out) {
    if (!counts.decides(o, Quantity.BATTERY)) {
      return;
    }
    State state = states.computeIfAbsent(o.device().deviceId(), k -> new State(new Newest()));
    if (!state.newest.advance(o.at())) {
      return;
    }
    double v = o.value().asDouble();
    if (v <= rule.below()) {
      state.raised = true;
      counts.signalled();
      String summary = "battery " + ValueSignals.num(v) + " % ≤ " + ValueSignals.num(rule.below());
      out.accept(signal(Signal.Kind.RAISE, o, v, summary));
    } else if (state.raised && v > rule.clearAt()) {
      state.raised = false;
      String summary =
          "battery "
              + ValueSignals.num(v)
              + " % > "
              + ValueSignals.num(rule.clearAt())
              + ", fine again";
      out.accept(signal(Signal.Kind.CLEAR, o, v, summary));
    }
  }

  private Signal signal(Signal.Kind kind, Observation o, double v, String summary) {
    return ValueSignals.signal(
        kind,
        rule,
        Category.MAINTENANCE,
        SubjectKey.device(o.device().deviceId()),
        o.device(),
        o.at(),
        v,
        summary,
        Map.of("below", rule.below(), "clearAt", rule.clearAt(), "point", o.point()));
  }

  @Override
  public void seed(Seed seed) {
    for (SubjectKey subject : seed.raised(rule.id())) {
      states.computeIfAbsent(subject.id(), k -> new State(new Newest())).raised = true;
    }
  }

  @Override
  public Class<Saved> stateType() {
    return Saved.class;
  }

  @Override
  public Saved state() {
    List<SavedState> saved = new ArrayList<>(states.size());
    states.forEach((k, s) -> saved.add(new SavedState(k, s.newest.at(), s.raised)));
    return new Saved(saved);
  }

  @Override
  public void restore(Saved saved) {
    states.clear();
    for (SavedState k : saved.states()) {
      State s = new State(new Newest(k.newest()));
      s.raised = k.raised();
      states.put(k.key(), s);
    }
  }

  @Override
  public RuleStatus status() {
    return counts.status(rule);
  }
}
