package org.citysense.cloud.rules;

/**
 * A {@code battery} reading at or below {@code below} percent: a maintenance event for the unit,
 * never for families. Clears above {@code clearAt}.
 */
public record BatteryRule(
    String id, Severity severity, boolean autoResolve, double below, double clearAt)
    implements Rule {
  @Override
  public RuleType type() {
    return RuleType.BATTERY;
  }
}
