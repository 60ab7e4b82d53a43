package org.citysense.cloud.rules;

import java.time.Duration;
import java.time.LocalTime;
import org.citysense.profiles.quantity.Quantity;

/**
 * A cumulative meter that has not increased for {@code hours} counted within {@code activeFrom} to
 * {@code activeTo} each day (the rule set's time zone): a welfare check for the household. An
 * increase smaller than {@code minIncrease} is noise; a decrease (reset, rollover, replaced meter)
 * or a jump larger than {@code maxStep} starts a new baseline and counts as neither consumption nor
 * silence.
 */
public record NoConsumptionRule(
    String id,
    Severity severity,
    boolean autoResolve,
    Quantity quantity,
    Duration hours,
    LocalTime activeFrom,
    LocalTime activeTo,
    double minIncrease,
    double maxStep)
    implements Rule {
  @Override
  public RuleType type() {
    return RuleType.NO_CONSUMPTION;
  }
}
