package org.citysense.cloud.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.citysense.cloud.rules.Limit;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.cloud.rules.StationStatus;
import org.citysense.cloud.rules.ThresholdRule;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.junit.jupiter.api.Test;

class ThresholdEvaluatorTest {
  private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
  private static final DeviceContext GAUGE =
      new DeviceContext("d1", "gw1", "gauge", "st1", null, "u1");
  private static final DeviceContext NO_STATION =
      new DeviceContext("d2", "gw1", "gauge", null, null, "u1");
  private static final DeviceContext OTHER_STATION =
      new DeviceContext("d3", "gw1", "gauge", "st2", null, "u2");

  /** Station st1 has a "warning" level of 3.2 m and a "normal" level of 3.0 m; st2 has none. */
  private static final RuleDirectory DIRECTORY =
      new RuleDirectory() {
        @Override
        public Optional<DeviceContext> device(String deviceId) {
          return Optional.empty();
        }

        @Override
        public Optional<String> gatewayUnit(String gatewayId) {
          return Optional.empty();
        }

        @Override
        public List<StationPlace> stationsMeasuring(Quantity q) {
          return List.of();
        }

        @Override
        public OptionalDouble stationLevel(String stationId, String level) {
          Map<String, Double> levels =
              stationId.equals("st1") ? Map.of("warning", 3.2, "normal", 3.0) : Map.of();
          Double value = levels.get(level);
          return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
        }
      };

  private final List<Signal> signals = new ArrayList<>();

  private static ThresholdRule gasAbove(double limit, Duration forDuration, Double clearAt) {
    return new ThresholdRule(
        "gas-high",
        Severity.CRITICAL,
        true,
        Quantity.GAS,
        true,
        Limit.of(limit),
        forDuration,
        clearAt == null ? null : Limit.of(clearAt));
  }

  private static Observation gas(double value, long seconds) {
    return new Observation(
        GAUGE, "gas", Quantity.GAS, Value.of(value), T0.plusSeconds(seconds), Quality.GOOD);
  }

  private static Observation level(DeviceContext device, double value, long seconds) {
    return new Observation(
        device,
        "level",
        Quantity.WATER_LEVEL,
        Value.of(value),
        T0.plusSeconds(seconds),
        Quality.GOOD);
  }

  private List<Signal.Kind> kinds() {
    return signals.stream().map(Signal::kind).toList();
  }

  @Test
  void aValueExactlyAtTheLimitRaisesAtOnce() {
    ThresholdEvaluator e = new ThresholdEvaluator(gasAbove(20, Duration.ZERO, null), DIRECTORY);

    e.observe(gas(19.9, 0), signals::add);
    e.observe(gas(20.0, 10), signals::add);

    assertThat(signals).hasSize(1);
    Signal s = signals.get(0);
    assertThat(s.kind()).isEqualTo(Signal.Kind.RAISE);
    assertThat(s.ruleId()).isEqualTo("gas-high");
    assertThat(s.ruleType()).isEqualTo(RuleType.THRESHOLD);
    assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(s.autoResolve()).isTrue();
    assertThat(s.category()).isEqualTo(Category.ALARM);
    assertThat(s.subject()).isEqualTo(SubjectKey.point("d1", "gas"));
    assertThat(s.device()).isEqualTo(GAUGE);
    assertThat(s.stationId()).isEqualTo("st1");
    assertThat(s.unitId()).isEqualTo("u1");
    assertThat(s.at()).isEqualTo(T0.plusSeconds(10));
    assertThat(s.value()).isEqualTo(20.0);
    assertThat(s.summary()).isEqualTo("gas 20.0 %LEL ≥ 20.0");
    assertThat(s.details()).containsEntry("limit", 20.0).containsEntry("clearAt", 20.0);
    assertThat(s.edge()).isFalse();
    assertThat(s.actions()).isEmpty();
    assertThat(e.status())
        .isEqualTo(new RuleStatus("gas-high", RuleType.THRESHOLD, 2, 1, 0, List.of()));
  }

  @Test
  void everyReadingThatStillMeetsTheConditionRaisesAgainAndTheClearComesOnce() {
    ThresholdEvaluator e = new ThresholdEvaluator(gasAbove(20, Duration.ZERO, null), DIRECTORY);

    e.observe(gas(23.5, 0), signals::add);
    e.observe(gas(24.0, 10), signals::add);
    e.observe(gas(19.0, 20), signals::add);
    e.observe(gas(18.0, 30), signals::add);

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.RAISE, Signal.Kind.CLEAR);
    assertThat(signals.get(1).summary()).isEqualTo("gas 24.0 %LEL ≥ 20.0 for 10 s");
    assertThat(e.status().signalled()).isEqualTo(2);
  }

  @Test
  void forDurationRaisesOnlyOnceTheConditionHasHeldThatLong() {
    ThresholdEvaluator e =
        new ThresholdEvaluator(gasAbove(20, Duration.ofSeconds(60), null), DIRECTORY);

    e.observe(gas(25, 0), signals::add);
    e.observe(gas(25, 30), signals::add);
    assertThat(signals).isEmpty();

    e.observe(gas(25, 60), signals::add);
    assertThat(kinds()).containsExactly(Signal.Kind.RAISE);
    assertThat(signals.get(0).summary()).isEqualTo("gas 25.0 %LEL ≥ 20.0 for 60 s");
    assertThat(signals.get(0).details()).containsEntry("forSeconds", 60L);
  }

  @Test
  void aConditionThatStopsBeforeForDurationStartsTheClockOver() {
    ThresholdEvaluator e =
        new ThresholdEvaluator(gasAbove(20, Duration.ofSeconds(60), null), DIRECTORY);

    e.observe(gas(25, 0), signals::add);
    e.observe(gas(10, 30), signals::add);
    e.observe(gas(25, 60), signals::add);
    e.observe(gas(25, 100), signals::add);
    assertThat(signals).isEmpty();

    e.observe(gas(25, 120), signals::add);
    assertThat(kinds()).containsExactly(Signal.Kind.RAISE);
  }

  @Test
  void betweenTheLimitAndClearAtTheStateStaysAsItIs() {
    ThresholdEvaluator e = new ThresholdEvaluator(gasAbove(20, Duration.ZERO, 15.0), DIRECTORY);

    e.observe(gas(17, 0), signals::add); // in the band, not raised: stays quiet
    e.observe(gas(25, 10), signals::add); // raise
    e.observe(gas(17, 20), signals::add); // in the band, raised: stays raised, says nothing
    e.observe(gas(15, 30), signals::add); // at clearAt: not yet below it
    e.observe(gas(22, 40), signals::add); // raise again
    e.observe(gas(14.9, 50), signals::add); // clear
    e.observe(gas(12, 60), signals::add); // already clear

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.RAISE, Signal.Kind.CLEAR);
    assertThat(signals.get(1).summary()).isEqualTo("gas 22.0 %LEL ≥ 20.0 for 30 s");
    assertThat(signals.get(2).summary()).isEqualTo("gas 14.9 %LEL < 15.0, back to normal");
    assertThat(signals.get(2).details()).containsEntry("clearAt", 15.0);
  }

  @Test
  void aBelowRuleRaisesAtOrUnderTheLimitAndClearsAboveClearAt() {
    ThresholdRule cold =
        new ThresholdRule(
            "cold",
            Severity.MINOR,
            true,
            Quantity.TEMPERATURE,
            false,
            Limit.of(2),
            Duration.ZERO,
            Limit.of(4));
    ThresholdEvaluator e = new ThresholdEvaluator(cold, DIRECTORY);
    DeviceContext thermo = new DeviceContext("t1", "gw1", "thermo", null, null, "u1");

    for (double[] r : new double[][] {{2.5, 0}, {2, 10}, {3, 20}, {4.5, 30}}) {
      e.observe(
          new Observation(
              thermo,
              "t",
              Quantity.TEMPERATURE,
              Value.of(r[0]),
              T0.plusSeconds((long) r[1]),
              Quality.GOOD),
          signals::add);
    }

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.CLEAR);
    assertThat(signals.get(0).summary()).isEqualTo("temperature 2.0 °C ≤ 2.0");
    assertThat(signals.get(0).category()).isEqualTo(Category.ENVIRONMENT);
    assertThat(signals.get(0).stationId()).isNull();
  }

  @Test
  void readingsOfBadQualityNeitherRaiseNorClearButAreCounted() {
    ThresholdEvaluator e = new ThresholdEvaluator(gasAbove(20, Duration.ZERO, null), DIRECTORY);

    e.observe(
        new Observation(GAUGE, "gas", Quantity.GAS, Value.of(50), T0, Quality.OUT_OF_RANGE),
        signals::add);
    e.observe(
        new Observation(GAUGE, "gas", Quantity.GAS, null, T0.plusSeconds(5), Quality.COMM_ERROR),
        signals::add);
    assertThat(signals).isEmpty();

    e.observe(gas(30, 10), signals::add);
    e.observe(
        new Observation(GAUGE, "gas", Quantity.GAS, Value.of(1), T0.plusSeconds(20), Quality.STUCK),
        signals::add);

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE);
    assertThat(e.status().evaluated()).isEqualTo(4);
  }

  @Test
  void readingsOfOtherQuantitiesAreNotLookedAt() {
    ThresholdEvaluator e = new ThresholdEvaluator(gasAbove(20, Duration.ZERO, null), DIRECTORY);

    e.observe(level(GAUGE, 99, 0), signals::add);

    assertThat(signals).isEmpty();
    assertThat(e.status().evaluated()).isZero();
  }

  @Test
  void aLevelLimitComesFromTheDevicesStation() {
    ThresholdRule flood =
        new ThresholdRule(
            "flood",
            Severity.MAJOR,
            true,
            Quantity.WATER_LEVEL,
            true,
            Limit.level("warning"),
            Duration.ZERO,
            Limit.level("normal"));
    ThresholdEvaluator e = new ThresholdEvaluator(flood, DIRECTORY);

    e.observe(level(GAUGE, 3.1, 0), signals::add);
    e.observe(level(GAUGE, 3.2, 60), signals::add);
    e.observe(level(GAUGE, 3.1, 120), signals::add); // band: stays raised
    e.observe(level(GAUGE, 2.9, 180), signals::add);

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.CLEAR);
    Signal raise = signals.get(0);
    assertThat(raise.summary()).isEqualTo("water level 3.2 m ≥ 3.2");
    assertThat(raise.details())
        .containsEntry("limit", 3.2)
        .containsEntry("level", "warning")
        .containsEntry("clearAt", 3.0);
    assertThat(raise.category()).isEqualTo(Category.ENVIRONMENT);
    // the station's last judgement: cleared, with the figure and the level it was held against
    assertThat(e.stations())
        .containsExactly(
            new StationStatus(
                "flood",
                RuleType.THRESHOLD,
                "st1",
                T0.plusSeconds(180),
                StationStatus.CLEARED,
                "st1 at 2026-05-01T08:03:00Z: d1/level 2.9 m < 3.2 (level warning)"));
    e.observe(level(GAUGE, 3.0, 240), signals::add);
    assertThat(e.stations()).extracting(StationStatus::outcome).containsExactly("normal");
  }

  @Test
  void aMissingLevelOrStationIsNoDecisionWithANote() {
    ThresholdRule flood =
        new ThresholdRule(
            "flood",
            Severity.MAJOR,
            true,
            Quantity.WATER_LEVEL,
            true,
            Limit.level("warning"),
            Duration.ZERO,
            null);
    ThresholdEvaluator e = new ThresholdEvaluator(flood, DIRECTORY);

    e.observe(level(OTHER_STATION, 9, 0), signals::add);
    e.observe(level(NO_STATION, 9, 0), signals::add);

    assertThat(signals).isEmpty();
    RuleStatus status = e.status();
    assertThat(status.evaluated()).isEqualTo(2);
    assertThat(status.noDecision()).isEqualTo(2);
    assertThat(status.notes())
        .containsExactly(
            "device d2 has no station for level 'warning'", "station st2 has no level 'warning'");
    assertThat(e.stations())
        .extracting(StationStatus::stationId, StationStatus::outcome, StationStatus::note)
        .containsExactly(tuple("st2", "no_decision", "station st2 has no level 'warning'"));
  }

  @Test
  void anOlderReadingFromAReplayedBacklogLeavesTheStateAlone() {
    ThresholdEvaluator e = new ThresholdEvaluator(gasAbove(20, Duration.ZERO, null), DIRECTORY);

    e.observe(gas(25, 100), signals::add);
    e.observe(gas(10, 50), signals::add); // older: would clear
    e.observe(gas(10, 200), signals::add);
    e.observe(gas(30, 150), signals::add); // older: would raise

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.CLEAR);
    assertThat(e.status().evaluated()).isEqualTo(4);
  }
}
