package org.citysense.agent.time;

import java.time.Clock;
import org.citysense.profiles.clock.ScaledClock;

/**
 * Elapsed time that never steps: what poll timing, retries and silence are measured on, so that NTP
 * setting the wall clock back six hours changes the readings' timestamps and nothing else. Only
 * differences between two values mean anything.
 */
@FunctionalInterface
public interface Ticker {

  /** Nanoseconds since some fixed, arbitrary moment. */
  long nanos();

  /** The JVM's monotonic clock. */
  static Ticker system() {
    return System::nanoTime;
  }

  /**
   * The ticker that goes with {@code clock}: for an accelerated {@link ScaledClock} (demos, tests)
   * the monotonic clock at the same speed, else the monotonic clock itself.
   */
  static Ticker of(Clock clock) {
    if (clock instanceof ScaledClock scaled && scaled.speed() != 1) {
      double speed = scaled.speed();
      long origin = System.nanoTime();
      return () -> (long) ((System.nanoTime() - origin) * speed);
    }
    return system();
  }
}
