package org.citysense.demo;

import java.time.Duration;

/**
 * How fast the demo plays.
 *
 * @param speed simulated seconds per real second, the same for every process
 * @param readingFloor no point is read more often than this (real time)
 * @param stationFloor nor a station's point (PM2.5, river level): their rules compare windows
 * @param alarmFloor nor an alarm-class point (gas, smoke, buttons): the edge reacts at this pace
 * @param cutAfter simulated time from the scenarios' start to the link cut
 * @param cutFor real time the link stays cut
 */
record Pace(
    double speed,
    Duration readingFloor,
    Duration stationFloor,
    Duration alarmFloor,
    Duration cutAfter,
    Duration cutFor) {
  static final Pace FULL =
      new Pace(
          300,
          Duration.ofSeconds(2),
          Duration.ofMillis(500),
          Duration.ofMillis(500),
          Duration.ofHours(2),
          Duration.ofSeconds(15));
  static final Pace SHORT =
      new Pace(
          600,
          Duration.ofSeconds(2),
          Duration.ofMillis(500),
          Duration.ofMillis(500),
          Duration.ofHours(2),
          Duration.ofSeconds(8));

  /** Real time for {@code simulated} to pass. */
  Duration real(Duration simulated) {
    return Duration.ofMillis(Math.round(simulated.toMillis() / speed));
  }

  /** Simulated time in {@code real}. */
  Duration simulated(Duration real) {
    return Duration.ofMillis(Math.round(real.toMillis() * speed));
  }
}
