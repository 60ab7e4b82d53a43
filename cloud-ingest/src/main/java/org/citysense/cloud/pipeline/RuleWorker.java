package org.citysense.cloud.pipeline;

import java.util.List;
import org.citysense.cloud.rules.RuleStatus;

/**
 * The rules at work on the hand-off, as health, metrics and the API see them: the embedded log's
 * {@link RuleRuntime}, or the Kafka consumer's {@code KafkaRules}.
 */
public interface RuleWorker {
  /** How the rules are doing: alive, how far behind, what was set aside. */
  RuleRuntime.Status status();

  /** How each rule has been doing since start (on every partition this node judges). */
  List<RuleStatus> rules();

  /** Items set aside so far, newest first. */
  List<SetAside> setAside(int limit);
}
