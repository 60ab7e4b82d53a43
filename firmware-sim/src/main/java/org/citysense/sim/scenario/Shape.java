package org.citysense.sim.scenario;

import java.time.Duration;

/** How a value behaves over one segment of a track. */
public sealed interface Shape {

  /** The quantity's normal behaviour (see {@link Baselines}), optionally multiplied. */
  record Baseline(double factor) implements Shape {}

  /** A fixed number. */
  record Constant(double value) implements Shape {}

  /** A fixed boolean. */
  record Flag(boolean value) implements Shape {}

  /** From the value at the segment's start (or {@code from}) to {@code to} over {@code over}. */
  record Ramp(Double from, double to, Duration over) implements Shape {}

  /** Changes by {@code perHour} per hour from the value at the segment's start. */
  record Rate(double perHour) implements Shape {}

  /**
   * Water use of a household, for a cumulative meter and its flow: a diurnal profile of {@code
   * perDay} m³ a day plus a constant {@code constant} m³/h (a leak).
   */
  record Usage(double perDay, double constant) implements Shape {}

  /** True for {@code duration}, then false: a button press, a momentary contact. */
  record Pulse(Duration duration) implements Shape {}
}
