package org.citysense.cloud.pipeline;

import java.util.List;
import java.util.Set;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.cloud.rules.StationStatus;

/**
 * The rules at work on the hand-off, as health, metrics and the API see them: the embedded log's
 * {@link RuleRuntime}, or the Kafka consumer's {@code KafkaRules}.
 */
public interface RuleWorker {
  /** How the rules are doing: alive, how far behind, what was set aside. */
  RuleRuntime.Status status();

  /** How each rule has been doing since start (on every partition this node judges). */
  List<RuleStatus> rules();

  /** What each rule last made of each station it judges (on every partition this node judges). */
  List<StationStatus> stations();

  /** The partitions of the hand-off this node judges now (the embedded log has one, 0). */
  Set<Integer> partitions();

  /** Items set aside so far, newest first. */
  List<SetAside> setAside(int limit);
}
