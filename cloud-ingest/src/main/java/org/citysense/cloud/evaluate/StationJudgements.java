package org.citysense.cloud.evaluate;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citysense.cloud.rules.Rule;
import org.citysense.cloud.rules.StationStatus;

/**
 * What one rule last made of each station, for {@link Evaluator#stations()}: one entry per station
 * (as many as the registry has stations the rule looks at), the newest judgement replacing the
 * last.
 */
final class StationJudgements {
  private final Rule rule;
  private final Map<String, StationStatus> last = new HashMap<>();

  StationJudgements(Rule rule) {
    this.rule = rule;
  }

  void judged(String station, Instant at, String outcome, String note) {
    last.put(station, new StationStatus(rule.id(), rule.type(), station, at, outcome, note));
  }

  List<StationStatus> all() {
    return List.copyOf(last.values());
  }
}
