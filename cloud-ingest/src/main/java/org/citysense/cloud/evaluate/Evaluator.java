package org.citysense.cloud.evaluate;

import java.time.Instant;
import java.util.List;
import org.citysense.cloud.rules.Rule;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.cloud.rules.StationStatus;
import org.citysense.profiles.wire.StatusChange;

/**
 * One rule at work, with the state it keeps between readings. Called from a single thread, in
 * event-time order within a batch; not thread-safe.
 */
public interface Evaluator {
  Rule rule();

  /** Looks at one stored reading and signals what it finds. */
  void observe(Observation o, SignalSink out);

  /** Looks at the passing of time (for silence); {@code now} is the cloud's clock. */
  default void tick(Instant now, SignalSink out) {}

  /** A batch arrived from a gateway at {@code now} (the cloud's clock). */
  default void gatewayContact(String gatewayId, Instant now, SignalSink out) {}

  /**
   * The cloud was not listening from {@code stoppedAt} (its last checkpoint) to {@code startedAt}:
   * a rule that judges silence does not count that time against anyone.
   */
  default void resumed(Instant stoppedAt, Instant startedAt) {}

  /**
   * Starts from what {@code seed} knows instead of from nothing: the rule had no saved state. Its
   * open events' subjects count as raised, so a value that clears resolves them.
   */
  default void seed(Seed seed) {}

  /** The gateway reported a device online or offline. */
  default void statusChange(DeviceContext device, StatusChange change, SignalSink out) {}

  RuleStatus status();

  /** What the rule last made of each station it judges; none for rules that judge no station. */
  default List<StationStatus> stations() {
    return List.of();
  }
}
