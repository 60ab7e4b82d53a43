package org.citysense.sim.cli;

import java.time.Clock;
import java.time.Instant;
import org.citysense.profiles.clock.ClockSettings;
import picocli.CommandLine.Option;

/** The clock options every process of the system shares; the environment gives the defaults. */
final class ClockOptions {
  @Option(
      names = "--speed",
      paramLabel = "N",
      description = "Run the clock N times as fast: 60 plays an hour per minute (default 1).")
  Double speed;

  @Option(
      names = "--clock-start",
      paramLabel = "UTC",
      description = "Simulated time at the anchor, e.g. 2026-11-22T22:00:00Z (default: now).")
  Instant start;

  @Option(
      names = "--clock-anchor",
      paramLabel = "UTC",
      description =
          "Real time at which the clock reads --clock-start (default: when started);"
              + " give every process the same one so they agree.")
  Instant anchor;

  ClockSettings settings() {
    return ClockSettings.fromEnvironment(System.getenv()).override(start, anchor, speed);
  }

  Clock clock() {
    return settings().toClock(Clock.systemUTC());
  }
}
