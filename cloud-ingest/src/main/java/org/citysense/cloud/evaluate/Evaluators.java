package org.citysense.cloud.evaluate;

import java.util.ArrayList;
import java.util.List;
import org.citysense.cloud.rules.BatteryRule;
import org.citysense.cloud.rules.NeighbourRule;
import org.citysense.cloud.rules.NoConsumptionRule;
import org.citysense.cloud.rules.OfflineRule;
import org.citysense.cloud.rules.RateRule;
import org.citysense.cloud.rules.Rule;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.rules.StateRule;
import org.citysense.cloud.rules.ThresholdRule;

/** Makes the evaluator of each rule of a set, with fresh state. */
public final class Evaluators {
  private final RuleDirectory directory;

  public Evaluators(RuleDirectory directory) {
    this.directory = directory;
  }

  public List<Evaluator> of(RuleSet set) {
    List<Evaluator> made = new ArrayList<>();
    for (Rule rule : set.rules()) {
      made.add(of(rule, set));
    }
    return made;
  }

  private Evaluator of(Rule rule, RuleSet set) {
    if (rule instanceof ThresholdRule r) {
      return new ThresholdEvaluator(r, directory);
    }
    if (rule instanceof NeighbourRule r) {
      return new NeighbourEvaluator(r, directory);
    }
    if (rule instanceof RateRule r) {
      return new RateEvaluator(r);
    }
    if (rule instanceof NoConsumptionRule r) {
      return new NoConsumptionEvaluator(r, set.timeZone());
    }
    if (rule instanceof OfflineRule r) {
      return new OfflineEvaluator(r, directory);
    }
    if (rule instanceof BatteryRule r) {
      return new BatteryEvaluator(r);
    }
    if (rule instanceof StateRule r) {
      return new StateEvaluator(r);
    }
    throw new IllegalArgumentException("no evaluator for rule type " + rule.type().id());
  }
}
