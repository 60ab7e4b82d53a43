package org.citysense.cloud.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.cloud.rules.StateRule;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.junit.jupiter.api.Test;

class StateEvaluatorTest {
  private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
  private static final DeviceContext DETECTOR =
      new DeviceContext("s1", "gw1", "smoke-detector", null, "h1", "u1");

  private final StateEvaluator evaluator =
      new StateEvaluator(new StateRule("smoke", Severity.CRITICAL, false, Quantity.SMOKE));
  private final List<Signal> signals = new ArrayList<>();

  private void smoke(boolean on, long seconds) {
    evaluator.observe(
        new Observation(
            DETECTOR, "smoke", Quantity.SMOKE, Value.of(on), T0.plusSeconds(seconds), Quality.GOOD),
        signals::add);
  }

  private List<Signal.Kind> kinds() {
    return signals.stream().map(Signal::kind).toList();
  }

  @Test
  void everyTrueRaisesAtOnceAndTheFirstFalseClears() {
    smoke(false, 0);
    smoke(true, 10);
    smoke(true, 20);
    smoke(false, 30);
    smoke(false, 40);

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.RAISE, Signal.Kind.CLEAR);
    Signal raise = signals.get(0);
    assertThat(raise.ruleType()).isEqualTo(RuleType.STATE);
    assertThat(raise.category()).isEqualTo(Category.ALARM);
    assertThat(raise.subject()).isEqualTo(SubjectKey.point("s1", "smoke"));
    assertThat(raise.unitId()).isEqualTo("u1");
    assertThat(raise.autoResolve()).isFalse();
    assertThat(raise.at()).isEqualTo(T0.plusSeconds(10));
    assertThat(raise.value()).isEqualTo(1.0);
    assertThat(raise.summary()).isEqualTo("smoke on");
    assertThat(evaluator.status().evaluated()).isEqualTo(5);
    assertThat(evaluator.status().signalled()).isEqualTo(2);
  }

  @Test
  void readingsOfBadQualityNeitherRaiseNorClear() {
    evaluator.observe(
        new Observation(DETECTOR, "smoke", Quantity.SMOKE, null, T0, Quality.COMM_ERROR),
        signals::add);
    smoke(true, 10);
    evaluator.observe(
        new Observation(
            DETECTOR, "smoke", Quantity.SMOKE, Value.of(false), T0.plusSeconds(20), Quality.STUCK),
        signals::add);

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE);
    assertThat(evaluator.status().evaluated()).isEqualTo(3);
  }

  @Test
  void anOlderReadingLeavesTheStateAlone() {
    smoke(true, 100);
    smoke(false, 50); // replayed backlog: must not clear
    smoke(false, 200);
    smoke(true, 150); // older than the clear: must not raise

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.CLEAR);
    assertThat(evaluator.status().evaluated()).isEqualTo(4);
  }
}
