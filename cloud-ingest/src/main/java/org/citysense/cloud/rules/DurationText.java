package org.citysense.cloud.rules;

import java.time.Duration;

/**
 * Writes a duration the way rule files spell it, in the largest unit that divides it exactly:
 * {@code 1h}, {@code 10m}, {@code 90s}, {@code 250ms}. What it writes, {@code YamlMap.duration}
 * reads back to the same duration.
 */
final class DurationText {
  private DurationText() {}

  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis == 0) {
      return "0s";
    }
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }

  /** A number as a person writes it: {@code 20} rather than {@code 20.0}. */
  static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.valueOf(value);
  }
}
