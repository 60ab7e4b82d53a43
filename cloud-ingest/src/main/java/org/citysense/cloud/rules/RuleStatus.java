package org.citysense.cloud.rules;

import java.util.List;

/**
 * How a rule has been doing since start, for {@code GET /api/v1/rules/status}.
 *
 * @param evaluated observations the rule looked at
 * @param signalled times it found its condition (raised or repeated)
 * @param noDecision times it could not decide (e.g. a neighbour quorum not met)
 * @param notes the latest reasons worth showing, newest first, a few at most
 */
public record RuleStatus(
    String ruleId,
    RuleType type,
    long evaluated,
    long signalled,
    long noDecision,
    List<String> notes) {
  public RuleStatus {
    notes = List.copyOf(notes);
  }

  /** This rule's status on one partition with that on another: counts added, notes of both. */
  public RuleStatus plus(RuleStatus other) {
    List<String> both = new java.util.ArrayList<>(notes);
    both.addAll(other.notes);
    return new RuleStatus(
        ruleId,
        type,
        evaluated + other.evaluated,
        signalled + other.signalled,
        noDecision + other.noDecision,
        both.subList(0, Math.min(both.size(), 5)));
  }
}
