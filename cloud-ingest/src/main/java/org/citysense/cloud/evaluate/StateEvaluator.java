package org.citysense.cloud.evaluate;

import java.util.Map;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.cloud.rules.StateRule;

/**
 * A {@link StateRule} at work, per point: every {@code true} reading of the boolean quantity raises
 * at once (an alarm); the first {@code false} after that clears. Readings of bad quality neither
 * raise nor clear; a reading older than the newest one seen for its point is counted but leaves the
 * state alone.
 */
public final class StateEvaluator implements Evaluator, Stateful<RaisedMarks.Saved> {
  private final StateRule rule;
  private final RaisedMarks marks = new RaisedMarks();
  private final EvaluationCounts counts = new EvaluationCounts();

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
    RaisedMarks.Mark state = marks.of(subject.id());
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
    marks.seed(seed.raised(rule.id()));
  }

  @Override
  public Class<RaisedMarks.Saved> stateType() {
    return RaisedMarks.Saved.class;
  }

  @Override
  public RaisedMarks.Saved state() {
    return marks.saved();
  }

  @Override
  public void restore(RaisedMarks.Saved saved) {
    marks.restore(saved);
  }

  @Override
  public RuleStatus status() {
    return counts.status(rule);
  }
}
