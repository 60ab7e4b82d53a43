package org.citysense.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.Problem;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
  @Test
  void everyBundledScenarioLoads() {
    assertThat(ScenarioCatalog.bundled().names())
        .contains(
            "baseline",
            "pm25-spike",
            "gas-leak",
            "smoke-alarm",
            "river-rising",
            "night-leak",
            "no-water-use",
            "alarm-button-press",
            "fault-stuck",
            "fault-no-response",
            "fault-dropout",
            "fault-exception",
            "fault-crc",
            "fault-garbage",
            "fault-slow");
  }

  @Test
  void aScenarioReadsSegmentsAndFaults() {
    Scenario s =
        new ScenarioLoader()
            .parse(
                "flood.yaml",
                "description: a flood\n"
                    + "tracks:\n"
                    + "  water_level:\n"
                    + "    - {at: 1m30s, ramp: {from: 1, to: 3, over: 2h}, phase: flood}\n"
                    + "faults:\n"
                    + "  - {type: slow, at: 5m, for: 1m, delay: 2s}\n");
    assertThat(s.name()).isEqualTo("flood");
    assertThat(s.tracks().get("water_level"))
        .containsExactly(
            new Segment(
                Duration.ofSeconds(90), new Shape.Ramp(1.0, 3, Duration.ofHours(2)), "flood"));
    assertThat(s.faults())
        .containsExactly(
            new Fault(
                FaultType.SLOW,
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                null,
                6,
                Duration.ofSeconds(2)));
  }

  @Test
  void mistakesNameFileLineAndField() {
    InvalidFileException e =
        catchThrowableOfType(
            InvalidFileException.class,
            () ->
                new ScenarioLoader()
                    .parse(
                        "bad.yaml",
                        "tracks:\n"
                            + "  gas:\n"
                            + "    - {at: 1m, ramp: {to: 35}}\n"
                            + "    - {at: 2m, value: 3, rate: {perHour: 1}}\n"
                            + "faults:\n"
                            + "  - {type: smoke}\n"));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "bad.yaml:3: tracks.gas[0].ramp.over: is missing",
            "bad.yaml:4: tracks.gas[1]: give one shape, not value and rate",
            "bad.yaml:6: faults[0].type: \"smoke\" is not one of stuck, no-response, exception,"
                + " corrupt-crc, garbage, slow");
  }

  @Test
  void anUnknownScenarioNameSaysWhichExist() {
    InvalidFileException e =
        catchThrowableOfType(
            InvalidFileException.class,
            () -> ScenarioCatalog.bundled().compose("baseline,gas-leek", "--scenario"));
    assertThat(e.getMessage()).startsWith("--scenario:1: no scenario gas-leek; known: baseline,");
  }
}
