package org.citysense.agent.driver;

import java.time.Duration;

/**
 * Waits between attempts to reach something that went away: {@code first}, then doubling up to
 * {@code max}, back to {@code first} after a success. Not thread-safe: one owner thread.
 */
public final class Backoff {
  private final Duration first;
  private final Duration max;
  private Duration next;

  public Backoff(Duration first, Duration max) {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < first <= max, not " + first + ", " + max);
    }
    this.first = first;
    this.max = max;
    this.next = first;
  }

  /** The wait before the coming attempt; the one after it will be twice as long, up to max. */
  public Duration next() {
    Duration now = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return now;
  }

  /** Starts again from {@code first}, after an attempt succeeded. */
  public void reset() {
    next = first;
  }
}
