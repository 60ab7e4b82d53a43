package org.citysense.cloud.rules;

import org.citysense.profiles.quantity.Quantity;

/** A boolean quantity (smoke, alarm_button, gas_alarm) turning true: raised at once. */
public record StateRule(String id, Severity severity, boolean autoResolve, Quantity quantity)
    implements Rule {
  @Override
  public RuleType type() {
    return RuleType.STATE;
  }
}
