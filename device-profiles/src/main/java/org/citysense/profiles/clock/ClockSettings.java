package org.citysense.profiles.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * How a process takes its time, configured the same way in the simulator, the agent and the cloud:
 * options {@code --clock-start}, {@code --clock-anchor}, {@code --speed}, or the environment
 * variables {@code CITYSENSE_CLOCK_START}, {@code CITYSENSE_CLOCK_ANCHOR}, {@code
 * CITYSENSE_CLOCK_SPEED}. With none of them, the system clock.
 *
 * @param start simulated time at the anchor; null for "the anchor itself"
 * @param anchor real time at which the clock reads {@code start}; null for "when the process
 *     starts". Give the same anchor to every process that must agree.
 * @param speed simulated seconds per real second
 */
public record ClockSettings(Instant start, Instant anchor, double speed) {
  public static final String START_ENV = "CITYSENSE_CLOCK_START";
  public static final String ANCHOR_ENV = "CITYSENSE_CLOCK_ANCHOR";
  public static final String SPEED_ENV = "CITYSENSE_CLOCK_SPEED";
  public static final ClockSettings SYSTEM = new ClockSettings(null, null, 1);

  public ClockSettings {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive number, not " + speed);
    }
  }

  /** Reads the environment variables; unset ones stay at their defaults. */
  public static ClockSettings fromEnvironment(Map<String, String> env) {
    return new ClockSettings(
        instant(env.get(START_ENV), START_ENV),
        instant(env.get(ANCHOR_ENV), ANCHOR_ENV),
        env.containsKey(SPEED_ENV) ? speed(env.get(SPEED_ENV)) : 1);
  }

  /** These settings with each non-null argument taking precedence (command-line options). */
  public ClockSettings override(Instant newStart, Instant newAnchor, Double newSpeed) {
    return new ClockSettings(
        newStart != null ? newStart : start,
        newAnchor != null ? newAnchor : anchor,
        newSpeed != null ? newSpeed : speed);
  }

  public boolean isSystem() {
    return start == null && anchor == null && speed == 1;
  }

  /** The clock these settings describe, over {@code base} (the system UTC clock in production). */
  public Clock toClock(Clock base) {
    if (isSystem()) {
      return base;
    }
    Instant realAnchor = anchor != null ? anchor : base.instant();
    Instant simStart = start != null ? start : realAnchor;
    return new ScaledClock(simStart, realAnchor, speed, base);
  }

  /** Real time to wait for {@code simulated} to pass on {@code clock}. */
  public static Duration realDelay(Clock clock, Duration simulated) {
    return clock instanceof ScaledClock scaled ? scaled.toBase(simulated) : simulated;
  }

  private static Instant instant(String text, String name) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + ": \"" + text + "\" is not a UTC time such as 2026-11-22T06:00:00Z");
    }
  }

  private static double speed(String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(SPEED_ENV + ": \"" + text + "\" is not a number");
    }
  }
}
