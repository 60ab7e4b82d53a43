package org.citysense.cloud.evaluate;

import java.util.List;

/**
 * What the rules found in one log entry (or one silence check): the signals, each with its {@link
 * SignalPosition}, in the order they were made, and the items a rule failed on.
 */
public record Evaluation(List<Positioned> signals, List<RuleFailure> failures) {
  public static final Evaluation NONE = new Evaluation(List.of(), List.of());

  public Evaluation {
    signals = List.copyOf(signals);
    failures = List.copyOf(failures);
  }

  /** A signal and where it comes from. */
  public record Positioned(long position, Signal signal) {}

  /**
   * A rule threw on an item: the item is set aside for that rule, the others go on.
   *
   * @param item the reading, status change or edge event (a wire record)
   */
  public record RuleFailure(
      long position,
      String gatewayId,
      String deviceId,
      String ruleId,
      String reason,
      Object item) {}
}
