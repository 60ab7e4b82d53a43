package org.citysense.cloud.rules;

import java.time.Duration;
import org.citysense.profiles.quantity.Quantity;

/**
 * A value changing fast: rising faster than {@code risePerHour} (or falling faster than {@code
 * fallPerHour}) over {@code window}. Exactly one of the two rates is set, both positive.
 */
public record RateRule(
    String id,
    Severity severity,
    boolean autoResolve,
    Quantity quantity,
    Double risePerHour,
    Double fallPerHour,
    Duration window)
    implements Rule {
  @Override
  public RuleType type() {
    return RuleType.RATE;
  }
}
