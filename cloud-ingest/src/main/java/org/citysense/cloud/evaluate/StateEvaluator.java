package org.citysense.cloud.evaluate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.cloud.rules.StateRule;

/**
 * A {@link StateRule} at work, per point: every {@code true} reading of the boolean quantity raises
 * at once (an alarm); the first {@code false} after that clears. Readings of bad quality neither
 * raise nor clear; a reading older than the newest one seen for its point is counted but leaves the
 * state alone.
 */
public final class StateEvaluator implements Evaluator, Stateful<StateEvaluator.Saved> {
  private final StateRule rule;
  private final Map<SubjectKey, State> states = new HashMap<>();
  private final EvaluationCounts counts = new EvaluationCounts();

  private static final class State {
    final Newest newest;
    boolean raised;

    State(Newest newest) {
      this.newest = newest;
    }
  }

  /** What survives a restart: per point ("device/point"), as {@link State} holds it. */
  public record Saved(List<SavedState> states) {}

  public record SavedState(String key, Instant newest, boolean raised) {}

  public StateEvaluator(StateRule rule) {
    this.rule = rule;
  }

  @Override
  public StateRule rule() {
    return rule;
  }

  @Override
  public void observe(Observation o, SignalSink out) {
    if (!counts.decides(o, rule.quantity())) {
      return;
    }
    SubjectKey subject = SubjectKey.point(o.device().deviceId(), o.point());
    State state = states.computeIfAbsent(subject, k -> new State(new Newest()));
    if (!state.newest.advance(o.at())) {
      return;
    }
    String name = ValueSignals.name(rule.quantity());
    if (o.value().asBoolean()) {
      state.raised = true;
      counts.signalled();
      out.accept(signal(Signal.Kind.RAISE, o, subject, 1.0, name + " on"));
    } else if (state.raised) {
      state.raised = false;
      out.accept(signal(Signal.Kind.CLEAR, o, subject, 0.0, name + " off again"));
    }
  }

  private Signal signal(
      Signal.Kind kind, Observation o, SubjectKey subject, double value, String summary) {
    return ValueSignals.signal(
        kind,
        rule,
        Category.ALARM,
        subject,
        o.device(),
        o.at(),
        value,
        summary,
        Map.of("quantity", rule.quantity().id(), "state", value != 0));
  }

  @Override
  public void seed(Seed seed) {
    for (SubjectKey subject : seed.raised(rule.id())) {
      states.computeIfAbsent(subject, k -> new State(new Newest())).raised = true;
    }
  }

  @Override
  public Class<Saved> stateType() {
    return Saved.class;
  }

  @Override
  public Saved state() {
    List<SavedState> saved = new ArrayList<>(states.size());
    states.forEach((k, s) -> saved.add(new SavedState(k.id(), s.newest.at(), s.raised)));
    return new Saved(saved);
  }

  @Override
  public void restore(Saved saved) {
    states.clear();
    for (SavedState k : saved.states()) {
      State s = new State(new Newest(k.newest()));
      s.raised = k.raised();
      states.put(new SubjectKey("point", k.key()), s);
    }
  }

  @Override
  public RuleStatus status() {
    return counts.status(rule);
  }
}
