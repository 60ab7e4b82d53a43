package org.citysense.cloud.rules;

import java.time.Instant;

/**
 * What a rule last made of one station, for {@code GET /api/v1/rules/status/stations}.
 *
 * @param at the event time of the reading it judged
 * @param outcome {@link #SIGNALLED}, {@link #CLEARED}, {@link #NORMAL} or {@link #NO_DECISION}
 * @param note what it compared, or why it could not decide (e.g. the neighbour quorum)
 */
public record StationStatus(
    String ruleId, RuleType type, String stationId, Instant at, String outcome, String note) {
  public static final String SIGNALLED = "signalled";
  public static final String CLEARED = "cleared";
  public static final String NORMAL = "normal";
  public static final String NO_DECISION = "no_decision";
}
