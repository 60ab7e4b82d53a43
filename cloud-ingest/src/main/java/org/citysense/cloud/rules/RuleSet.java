package org.citysense.cloud.rules;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole rule file: the rules and the settings they share.
 *
 * @param timeZone the deployment's zone, for active hours and quiet hours
 * @param lateAfter an event whose reading is older than this on arrival is marked late
 * @param sla how long after raising each severity's event is due
 */
public record RuleSet(
    ZoneId timeZone, Duration lateAfter, Map<Severity, Duration> sla, List<Rule> rules) {
  public RuleSet {
    sla = Map.copyOf(sla);
    rules = List.copyOf(rules);
  }

  public Optional<Rule> rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  public Duration sla(Severity severity) {
    return sla.getOrDefault(severity, Duration.ofHours(24));
  }
}
