package org.citysense.cloud.pipeline;

import java.time.Instant;

/**
 * How far a consumer is behind the log.
 *
 * @param entries accepted batches not yet consumed
 * @param items their readings, status changes and edge events
 * @param oldest when the oldest of them was accepted; null when there is none
 */
public record Lag(long entries, long items, Instant oldest) {
  public static final Lag NONE = new Lag(0, 0, null);

  /** Seconds between the oldest unconsumed entry and {@code now}; 0 when there is none. */
  public double seconds(Instant now) {
    return oldest == null ? 0 : Math.max(0, (now.toEpochMilli() - oldest.toEpochMilli()) / 1000.0);
  }
}
