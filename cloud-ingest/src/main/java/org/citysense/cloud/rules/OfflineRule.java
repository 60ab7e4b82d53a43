package org.citysense.cloud.rules;

import java.time.Duration;

/**
 * Silence: a device with no reading for max(3 × its interval, {@code minSilence}), a device its
 * gateway reported offline, and a gateway silent for {@code gatewaySilence} (one event for the
 * gateway, none for the devices behind it).
 */
public record OfflineRule(
    String id, Severity severity, boolean autoResolve, Duration minSilence, Duration gatewaySilence)
    implements Rule {
  @Override
  public RuleType type() {
    return RuleType.OFFLINE;
  }
}
