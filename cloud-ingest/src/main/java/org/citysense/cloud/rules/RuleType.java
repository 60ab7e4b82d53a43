package org.citysense.cloud.rules;

import java.util.Locale;

/** The kinds of rule, spelled in rule files as {@link #id()}. */
public enum RuleType {
  THRESHOLD("threshold"),
  NEIGHBOUR("neighbour"),
  RATE("rate"),
  NO_CONSUMPTION("noConsumption"),
  OFFLINE("offline"),
  BATTERY("battery"),
  STATE("state"),
  /** Not a rule type of files: an alarm the gateway raised with no cloud rule for its point. */
  EDGE("edge");

  private final String id;

  RuleType(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static java.util.Optional<RuleType> byId(String id) {
    for (RuleType t : values()) {
      if (t.id.equals(id) || t.name().toLowerCase(Locale.ROOT).equals(id)) {
        return java.util.Optional.of(t);
      }
    }
    return java.util.Optional.empty();
  }
}
