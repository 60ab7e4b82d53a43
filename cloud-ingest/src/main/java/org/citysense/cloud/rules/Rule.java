package org.citysense.cloud.rules;

/**
 * One rule of the rule set, as data. Every rule has an id unique in its set, a severity for the
 * events it raises and whether those events resolve themselves when the condition clears.
 */
public sealed interface Rule
    permits ThresholdRule,
        NeighbourRule,
        RateRule,
        NoConsumptionRule,
        OfflineRule,
        BatteryRule,
        StateRule {
  String id();

  Severity severity();

  boolean autoResolve();

  RuleType type();
}
