package org.citysense.cloud.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.citysense.cloud.rules.BatteryRule;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.junit.jupiter.api.Test;

class BatteryEvaluatorTest {
  private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
  private static final DeviceContext SENSOR =
      new DeviceContext("d1", "gw1", "smoke-detector", null, "h1", "u1");

  private final BatteryEvaluator evaluator =
      new BatteryEvaluator(new BatteryRule("battery-low", Severity.MINOR, true, 20, 30));
  private final List<Signal> signals = new ArrayList<>();

  private void battery(double percent, long seconds, Quality quality) {
    evaluator.observe(
        new Observation(
            SENSOR, "bat", Quantity.BATTERY, Value.of(percent), T0.plusSeconds(seconds), quality),
        signals::add);
  }

  private void battery(double percent, long seconds) {
    battery(percent, seconds, Quality.GOOD);
  }

  private List<Signal.Kind> kinds() {
    return signals.stream().map(Signal::kind).toList();
  }

  @Test
  void atOrBelowRaisesForTheDeviceAndAboveClearAtClears() {
    battery(25, 0);
    battery(20, 10);
    battery(25, 20); // between below and clearAt: stays raised, says nothing
    battery(30, 30); // at clearAt: not above it
    battery(31, 40);
    battery(35, 50);

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.CLEAR);
    Signal raise = signals.get(0);
    assertThat(raise.ruleType()).isEqualTo(RuleType.BATTERY);
    assertThat(raise.category()).isEqualTo(Category.MAINTENANCE);
    assertThat(raise.subject()).isEqualTo(SubjectKey.device("d1"));
    assertThat(raise.unitId()).isEqualTo("u1");
    assertThat(raise.summary()).isEqualTo("battery 20.0 % ≤ 20.0");
    assertThat(raise.details()).containsEntry("below", 20.0).containsEntry("clearAt", 30.0);
    assertThat(signals.get(1).summary()).isEqualTo("battery 31.0 % > 30.0, fine again");
    assertThat(evaluator.status().evaluated()).isEqualTo(6);
    assertThat(evaluator.status().signalled()).isEqualTo(1);
  }

  @Test
  void badQualityAndOlderReadingsLeaveTheStateAlone() {
    battery(5, 0, Quality.OUT_OF_RANGE);
    assertThat(signals).isEmpty();

    battery(15, 100);
    battery(90, 50); // replayed backlog: must not clear
    battery(15, 200);

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.RAISE);
    assertThat(evaluator.status().evaluated()).isEqualTo(4);
  }
}
