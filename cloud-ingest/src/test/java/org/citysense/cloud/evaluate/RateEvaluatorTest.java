package org.citysense.cloud.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.citysense.cloud.rules.RateRule;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.junit.jupiter.api.Test;

/**
 * Readings 10 minutes apart, so three in a row have the least-squares slope (last - first) / 20
 * min, i.e. (last - first) × 3 per hour.
 */
class RateEvaluatorTest {
  private static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");
  private static final DeviceContext GAUGE =
      new DeviceContext("g1", "gw1", "radar-gauge", "st1", null, "u1");
  private static final Duration WINDOW = Duration.ofMinutes(30);

  private final List<Signal> signals = new ArrayList<>();

  private static RateEvaluator rising(double perHour) {
    return new RateEvaluator(
        new RateRule(
            "level-rise", Severity.MAJOR, true, Quantity.WATER_LEVEL, perHour, null, WINDOW));
  }

  private static RateEvaluator falling(double perHour) {
    return new RateEvaluator(
        new RateRule(
            "level-fall", Severity.MINOR, true, Quantity.WATER_LEVEL, null, perHour, WINDOW));
  }

  private void level(RateEvaluator e, double metres, long minutes, Quality quality) {
    e.observe(
        new Observation(
            GAUGE,
            "level",
            Quantity.WATER_LEVEL,
            Value.of(metres),
            T0.plus(Duration.ofMinutes(minutes)),
            quality),
        signals::add);
  }

  private void level(RateEvaluator e, double metres, long minutes) {
    level(e, metres, minutes, Quality.GOOD);
  }

  private List<Signal.Kind> kinds() {
    return signals.stream().map(Signal::kind).toList();
  }

  @Test
  void aRiseFasterThanTheLimitRaisesOnEveryReading() {
    RateEvaluator e = rising(0.3);

    level(e, 1.00, 0);
    level(e, 1.07, 10);
    assertThat(signals).isEmpty();

    level(e, 1.14, 20); // 3 readings over 20 min ≥ half the window: 0.14 m / 20 min = 0.42 m/h
    level(e, 1.21, 30); // 1.00 at minute 0 has left the window (30 - 30, 30]

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.RAISE);
    Signal s = signals.get(1);
    assertThat(s.ruleType()).isEqualTo(RuleType.RATE);
    assertThat(s.category()).isEqualTo(Category.ENVIRONMENT);
    assertThat(s.subject()).isEqualTo(SubjectKey.point("g1", "level"));
    assertThat(s.stationId()).isEqualTo("st1");
    assertThat(s.value()).isEqualTo(1.21);
    assertThat(s.summary()).isEqualTo("water level rising 0.42 m/h over 30 min (limit 0.3 m/h)");
    assertThat((Double) s.details().get("ratePerHour")).isCloseTo(0.42, within(1e-9));
    assertThat(s.details())
        .containsEntry("limitPerHour", 0.3)
        .containsEntry("windowSeconds", 1800L)
        .containsEntry("readings", 3);
    assertThat(e.status().evaluated()).isEqualTo(4);
    assertThat(e.status().signalled()).isEqualTo(2);
    assertThat(e.status().noDecision()).isEqualTo(2);
  }

  @Test
  void tooFewReadingsOrTooShortASpanDecideNothingAndNoteItOnce() {
    RateEvaluator e = rising(0.3);

    level(e, 1.0, 0);
    level(e, 2.0, 5);
    level(e, 3.0, 10); // 3 readings, but over 10 min < 15 min
    level(e, 9.0, 50); // the others left the window: 1 reading

    assertThat(signals).isEmpty();
    assertThat(e.status().noDecision()).isEqualTo(4);
    assertThat(e.status().notes())
        .containsExactly("g1/level: 1 readings over 0 s, need 3 over 15 min");
  }

  @Test
  void aFallFasterThanTheLimitRaises() {
    RateEvaluator e = falling(0.5);

    level(e, 2.0, 0);
    level(e, 1.9, 10);
    level(e, 1.8, 20); // -0.2 m / 20 min = 0.6 m/h down

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE);
    assertThat(signals.get(0).summary())
        .isEqualTo("water level falling 0.6 m/h over 30 min (limit 0.5 m/h)");
  }

  @Test
  void aRisingLevelDoesNotTriggerAFallRule() {
    RateEvaluator e = falling(0.5);

    level(e, 1.0, 0);
    level(e, 1.5, 10);
    level(e, 2.0, 20);

    assertThat(signals).isEmpty();
  }

  @Test
  void aRaisedPointClearsOnceItsRateIsBelowHalfTheLimit() {
    RateEvaluator e = rising(0.3);

    level(e, 1.00, 0);
    level(e, 1.07, 10);
    level(e, 1.14, 20); // 0.42 m/h: raise
    level(e, 1.18, 30); // (1.18 - 1.07) × 3 = 0.33 m/h: raise again
    level(e, 1.20, 40); // 0.18 m/h: under the limit, over half of it: stays raised, quiet
    level(e, 1.21, 50); // 0.09 m/h < 0.15: clear
    level(e, 1.21, 60); // 0.03 m/h: already clear

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.RAISE, Signal.Kind.CLEAR);
    assertThat(signals.get(2).summary())
        .isEqualTo("water level rising 0.09 m/h over 30 min, below half the limit (0.15 m/h)");
    assertThat(e.status().signalled()).isEqualTo(2);
  }

  @Test
  void badQualityAndOlderReadingsAreCountedButNotUsed() {
    RateEvaluator e = rising(0.3);

    level(e, 1.00, 0);
    level(e, 1.00, 10);
    level(e, 9.00, 15, Quality.OUT_OF_RANGE);
    level(e, 1.00, 20); // flat: 0 m/h
    level(e, 9.00, 5); // replayed backlog, older than minute 20
    level(e, 1.00, 30);

    assertThat(signals).isEmpty();
    assertThat(e.status().evaluated()).isEqualTo(6);
  }
}
