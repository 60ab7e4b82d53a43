package org.citysense.cloud.rules;

import java.time.Duration;
import org.citysense.profiles.quantity.Quantity;

/**
 * A station reading well above its nearest neighbours: S's mean over {@code window} &gt; (1 +
 * ratio) × the mean of the neighbours' own means, and exceeding it by at least {@code minExcess};
 * decided only when at least {@code quorum} of the {@code k} nearest stations (great-circle, within
 * {@code maxDistanceKm}, ties broken by station id) have good readings in the window.
 */
public record NeighbourRule(
    String id,
    Severity severity,
    boolean autoResolve,
    Quantity quantity,
    int k,
    double ratio,
    Duration window,
    int quorum,
    double maxDistanceKm,
    double minExcess)
    implements Rule {
  @Override
  public RuleType type() {
    return RuleType.NEIGHBOUR;
  }
}
