package org.citysense.agent.alarm;

import org.citysense.profiles.model.AlarmLimit;
import org.citysense.profiles.model.Value;

/**
 * When a point enters and leaves alarm. A boolean point is in alarm while true. A numeric one
 * enters at its limit ({@link AlarmLimit#isTriggered}) and leaves only once back inside it by
 * {@link #HYSTERESIS} of the limit, so a value hovering at the limit does not raise and clear by
 * turns.
 */
final class AlarmState {
  /** The band inside the limit a numeric value must reach to clear: 5 % of the limit. */
  static final double HYSTERESIS = 0.05;

  private AlarmState() {}

  /** Whether a point with {@code limit} is in alarm after {@code value}, given it {@code was}. */
  static boolean next(AlarmLimit limit, Value value, boolean was) {
    if (!was || value instanceof Value.Bool) {
      return limit.isTriggered(value);
    }
    double v = value.asDouble();
    Double above = limit.above();
    Double below = limit.below();
    boolean stillHigh = above != null && v >= above - HYSTERESIS * Math.abs(above);
    boolean stillLow = below != null && v <= below + HYSTERESIS * Math.abs(below);
    return stillHigh || stillLow;
  }
}
