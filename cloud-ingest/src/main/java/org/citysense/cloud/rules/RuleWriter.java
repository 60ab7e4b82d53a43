package org.citysense.cloud.rules;

import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a {@link RuleSet} in the shape {@link RuleReader} reads, every parameter spelled out (the
 * defaults too), so that reading what was written gives back an equal rule set.
 */
public final class RuleWriter {
  /** The rule file as plain maps, lists, strings, numbers and booleans, in the file's order. */
  public Map<String, Object> toDocument(RuleSet set) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("timeZone", set.timeZone().getId());
    doc.put("lateAfter", DurationText.format(set.lateAfter()));
    Map<String, Object> sla = new LinkedHashMap<>();
    for (Severity severity : Severity.values()) {
      sla.put(severity.id(), DurationText.format(set.sla(severity)));
    }
    doc.put("sla", sla);
    doc.put("rules", set.rules().stream().map(RuleWriter::rule).toList());
    return doc;
  }

  /** One rule as the file spells it, every parameter spelled out. */
  public Map<String, Object> toDocument(Rule rule) {
    return rule(rule);
  }

  /** The rule file as block-style YAML. */
  public String toYaml(RuleSet set) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    return new Yaml(options).dump(toDocument(set));
  }

  private static Map<String, Object> rule(Rule rule) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", rule.id());
    m.put("type", rule.type().id());
    m.put("severity", rule.severity().id());
    m.put("autoResolve", rule.autoResolve());
    switch (rule.type()) {
      case THRESHOLD -> threshold((ThresholdRule) rule, m);
      case NEIGHBOUR -> neighbour((NeighbourRule) rule, m);
      case RATE -> rate((RateRule) rule, m);
      case NO_CONSUMPTION -> noConsumption((NoConsumptionRule) rule, m);
      case OFFLINE -> offline((OfflineRule) rule, m);
      case BATTERY -> battery((BatteryRule) rule, m);
      case STATE -> m.put("quantity", ((StateRule) rule).quantity().id());
      case EDGE -> throw new IllegalArgumentException("edge is not a rule type of files");
    }
    return m;
  }

  private static void threshold(ThresholdRule r, Map<String, Object> m) {
    m.put("quantity", r.quantity().id());
    m.put(r.above() ? "above" : "below", limit(r.limit()));
    m.put("forSeconds", r.forDuration().toSeconds());
    if (r.clearAt() != null) {
      m.put("clearAt", limit(r.clearAt()));
    }
  }

  private static void neighbour(NeighbourRule r, Map<String, Object> m) {
    m.put("quantity", r.quantity().id());
    m.put("k", r.k());
    m.put("ratio", number(r.ratio()));
    m.put("window", DurationText.format(r.window()));
    m.put("quorum", r.quorum());
    m.put("maxDistanceKm", number(r.maxDistanceKm()));
    m.put("minExcess", number(r.minExcess()));
  }

  private static void rate(RateRule r, Map<String, Object> m) {
    m.put("quantity", r.quantity().id());
    if (r.risePerHour() != null) {
      m.put("risePerHour", number(r.risePerHour()));
    }
    if (r.fallPerHour() != null) {
      m.put("fallPerHour", number(r.fallPerHour()));
    }
    m.put("window", DurationText.format(r.window()));
  }

  private static void noConsumption(NoConsumptionRule r, Map<String, Object> m) {
    m.put("quantity", r.quantity().id());
    m.put("hours", number(r.hours().toMillis() / 3_600_000.0));
    m.put("activeHours", hhmm(r.activeFrom()) + "-" + hhmm(r.activeTo()));
    m.put("minIncrease", number(r.minIncrease()));
    m.put("maxStep", number(r.maxStep()));
  }

  private static void offline(OfflineRule r, Map<String, Object> m) {
    m.put("minSeconds", r.minSilence().toSeconds());
    m.put("gatewaySeconds", r.gatewaySilence().toSeconds());
  }

  private static void battery(BatteryRule r, Map<String, Object> m) {
    m.put("below", number(r.below()));
    m.put("clearAt", number(r.clearAt()));
  }

  private static Object limit(Limit limit) {
    return limit.isLevel() ? limit.level() : number(limit.value());
  }

  /** A whole number as an integer ({@code 20}, not {@code 20.0}), anything else as it is. */
  private static Number number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.valueOf((long) value);
    }
    return Double.valueOf(value);
  }

  private static String hhmm(LocalTime t) {
    return String.format("%02d:%02d", t.getHour(), t.getMinute());
  }
}
