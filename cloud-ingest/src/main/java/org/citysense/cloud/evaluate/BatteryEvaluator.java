package org.citysense.cloud.evaluate;

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
public final class BatteryEvaluator implements Evaluator, Stateful<RaisedMarks.Saved> {
  private final BatteryRule rule;
  private final RaisedMarks marks = new RaisedMarks();
  private final EvaluationCounts counts = new EvaluationCounts();

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
    RaisedMarks.Mark state = marks.of(o.device().deviceId());
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
