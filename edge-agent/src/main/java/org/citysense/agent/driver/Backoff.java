package org.citysense.agent.driver;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Waits between attempts to reach something that went away: {@code first}, then doubling up to
 * {@code max}, back to {@code first} after a success. Not thread-safe: one owner thread.
 *
 * <p>With jitter ({@link #withFullJitter}) each wait is drawn uniformly between {@code first} and
 * the doubling ceiling, so that many gateways cut off together do not all come back in the same
 * second.
 */
public final class Backoff {
  private final Duration first;
  private final Duration max;
  private final DoubleSupplier jitter;
  private Duration next;

  public Backoff(Duration first, Duration max) {
    this(first, max, null);
  }

  /**
   * @param jitter a source of numbers in [0, 1) placing each wait between {@code first} and the
   *     current ceiling; null for no jitter (the ceiling itself)
   */
  public Backoff(Duration first, Duration max, DoubleSupplier jitter) {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < first <= max, not " + first + ", " + max);
    }
    this.first = first;
    this.max = max;
    this.jitter = jitter;
    this.next = first;
  }

  /** Exponential backoff with full jitter between {@code first} and the doubling ceiling. */
  public static Backoff withFullJitter(Duration first, Duration max) {
    return new Backoff(first, max, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The wait before the coming attempt; the one after it will be twice as long, up to max. */
  public Duration next() {
    Duration ceiling = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    if (jitter == null) {
      return ceiling;
    }
    double r = Math.min(1, Math.max(0, jitter.getAsDouble()));
    long spread = ceiling.minus(first).toMillis();
    return first.plusMillis(Math.round(spread * r));
  }

  /** Starts again from {@code first}, after an attempt succeeded. */
  public void reset() {
    next = first;
  }
}
