package org.citysense.agent.buffer;

import org.citysense.profiles.wire.Counters;

/**
 * What the uplink's forwarder needs of the buffer: items to send, and a way to let go of them once
 * the cloud has answered. {@link DurableBuffer} is the real one; tests use a fake.
 */
public interface Outbox {
  /**
   * The next items to send, synced ones only, priority first; at most {@code max}. Called again
   * after a failed send, it returns the same items again (nothing was acknowledged).
   */
  Pending next(int max);

  /** The cloud answered for these (stored, duplicate or rejected): they leave the outbox. */
  void acknowledge(Pending pending);

  /** Counts items the cloud rejected; reported in every batch's counters from now on. */
  void countRejected(long n);

  /** Counts items set aside in quarantine; reported in every batch's counters from now on. */
  void countQuarantined(long n);

  /** The cumulative counters the batches carry. */
  Counters counters();
}
