package org.citysense.cloud.evaluate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.citysense.cloud.rules.BatteryRule;
import org.citysense.cloud.rules.NeighbourRule;
import org.citysense.cloud.rules.NoConsumptionRule;
import org.citysense.cloud.rules.OfflineRule;
import org.citysense.cloud.rules.RateRule;
import org.citysense.cloud.rules.Rule;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.rules.StateRule;
import org.citysense.cloud.rules.ThresholdRule;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Point;

/** Makes the evaluator of each rule of a set, with fresh state. */
public final class Evaluators {
  private final RuleDirectory directory;
  private final Function<String, Duration> declaredInterval;
  private final StationBoard board;

  /** Without profiles: the offline rule estimates every device's interval from its readings. */
  public Evaluators(RuleDirectory directory) {
    this(directory, profile -> null);
  }

  /**
   * @param declaredInterval a profile id's longest point interval (a floor under the offline rule's
   *     estimate), or null when unknown
   */
  public Evaluators(RuleDirectory directory, Function<String, Duration> declaredInterval) {
    this(directory, declaredInterval, null);
  }

  /**
   * @param board the stations' readings of every partition, for the neighbour rules of one
   *     partition among several (null: the rules see every station's readings themselves)
   */
  public Evaluators(
      RuleDirectory directory, Function<String, Duration> declaredInterval, StationBoard board) {
    this.directory = directory;
    this.declaredInterval = declaredInterval;
    this.board = board;
  }

  /** The longest point interval of each bundled profile, for the offline rule. */
  public static Function<String, Duration> declaredIntervals(ProfileCatalog profiles) {
    return id ->
        id == null
            ? null
            : profiles
                .find(id)
                .flatMap(
                    p ->
                        p.points().stream()
                            .map(Point::interval)
                            .filter(java.util.Objects::nonNull)
                            .max(Duration::compareTo))
                .orElse(null);
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
      return new NeighbourEvaluator(r, directory, board);
    }
    if (rule instanceof RateRule r) {
      return new RateEvaluator(r);
    }
    if (rule instanceof NoConsumptionRule r) {
      return new NoConsumptionEvaluator(r, set.timeZone());
    }
    if (rule instanceof OfflineRule r) {
      return new OfflineEvaluator(r, directory, declaredInterval);
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
