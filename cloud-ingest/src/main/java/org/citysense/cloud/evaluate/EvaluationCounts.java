package org.citysense.cloud.evaluate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.citysense.cloud.rules.Rule;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.profiles.quantity.Quantity;

/**
 * The counts and the few newest notes an evaluator reports in its {@link RuleStatus}. A note equal
 * to the newest one is not repeated.
 */
final class EvaluationCounts {
  static final int MAX_NOTES = 5;

  private final Deque<String> notes = new ArrayDeque<>();
  private long evaluated;
  private long signalled;
  private long noDecision;

  void evaluated() {
    evaluated++;
  }

  /**
   * Counts an observation of {@code quantity} as evaluated; true when it may decide anything (its
   * quality is good): bad readings neither raise nor clear a value rule.
   */
  boolean decides(Observation o, Quantity quantity) {
    if (o.quantity() != quantity) {
      return false;
    }
    evaluated++;
    return o.good();
  }

  void signalled() {
    signalled++;
  }

  void noDecision(String note) {
    noDecision++;
    note(note);
  }

  void note(String note) {
    if (note == null || note.equals(notes.peekFirst())) {
      return;
    }
    notes.addFirst(note);
    while (notes.size() > MAX_NOTES) {
      notes.removeLast();
    }
  }

  RuleStatus status(Rule rule) {
    return new RuleStatus(
        rule.id(), rule.type(), evaluated, signalled, noDecision, List.copyOf(notes));
  }
}
