package org.citysense.cloud.rules;

import java.time.Duration;
import org.citysense.profiles.quantity.Quantity;

/**
 * A value at or beyond a limit for at least {@code forDuration}: {@code above} triggers at value ≥
 * limit, {@code below} at value ≤ limit. It clears past {@code clearAt} (hysteresis): below it for
 * {@code above}, above it for {@code below}; without {@code clearAt}, past the limit itself.
 *
 * @param clearAt null for "the limit itself"
 */
public record ThresholdRule(
    String id,
    Severity severity,
    boolean autoResolve,
    Quantity quantity,
    boolean above,
    Limit limit,
    Duration forDuration,
    Limit clearAt)
    implements Rule {
  @Override
  public RuleType type() {
    return RuleType.THRESHOLD;
  }
}
