package org.citysense.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Value;
import org.junit.jupiter.api.Test;

class BehaviourTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** Local midnight in Shanghai. */
  private static final Instant MIDNIGHT = Instant.parse("2026-11-21T16:00:00Z");

  private final ProfileCatalog profiles = ProfileCatalog.bundled();
  private final ScenarioCatalog scenarios = ScenarioCatalog.bundled();

  private Behaviour behaviour(
      String profile, String id, String scenario, long seed, Instant start) {
    DeviceProfile p = profiles.find(profile).orElseThrow();
    return new Behaviour(
        p, id, scenarios.compose(scenario, "test"), new Baselines(SHANGHAI, seed), start, Map.of());
  }

  private static double number(Behaviour b, String point, Instant at) {
    return b.evaluate(at).values().get(point).asDouble();
  }

  @Test
  void aSeedMakesRunsReproducible() {
    Instant at = MIDNIGHT.plus(Duration.ofHours(9));
    double first = number(behaviour("pm25-rs485", "pm-1", "baseline", 7, MIDNIGHT), "pm2_5", at);
    double again = number(behaviour("pm25-rs485", "pm-1", "baseline", 7, MIDNIGHT), "pm2_5", at);
    double other = number(behaviour("pm25-rs485", "pm-1", "baseline", 8, MIDNIGHT), "pm2_5", at);
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void aSpikingStationReads45PercentAboveWhatItWouldHave() {
    Behaviour normal = behaviour("pm25-rs485", "pm-1", "baseline", 1, MIDNIGHT);
    Behaviour spiking = behaviour("pm25-rs485", "pm-1", "pm25-spike", 1, MIDNIGHT);
    Instant during = MIDNIGHT.plus(Duration.ofMinutes(10));
    assertThat(number(spiking, "pm2_5", during))
        .isCloseTo(1.45 * number(normal, "pm2_5", during), within(1e-9));
    assertThat(spiking.evaluate(during).phase()).isEqualTo("spike");
    Instant after = MIDNIGHT.plus(Duration.ofMinutes(40));
    assertThat(number(spiking, "pm2_5", after)).isEqualTo(number(normal, "pm2_5", after));
  }

  @Test
  void neighboursOnBaselineStayClose() {
    Instant at = MIDNIGHT.plus(Duration.ofHours(8));
    double a = number(behaviour("pm25-rs485", "pm-1", "baseline", 1, MIDNIGHT), "pm2_5", at);
    double b = number(behaviour("pm25-rs485", "pm-2", "baseline", 1, MIDNIGHT), "pm2_5", at);
    // a shared regional signal, and local noise of 1.5 µg/m³ standard deviation each
    assertThat(Math.abs(a - b)).isLessThan(12);
  }

  @Test
  void gasLeakRampsAndTripsTheRelayAtTheLimit() {
    Behaviour leak = behaviour("gas-lel-modbus", "gas-1", "gas-leak", 1, MIDNIGHT);
    Instant before = MIDNIGHT.plus(Duration.ofMinutes(1));
    assertThat(number(leak, "gas", before)).isLessThan(2);
    assertThat(leak.evaluate(before).values().get("gas_alarm")).isEqualTo(Value.of(false));
    double atStart = number(leak, "gas", MIDNIGHT.plus(Duration.ofMinutes(2)).minusNanos(1));
    double halfway = number(leak, "gas", MIDNIGHT.plus(Duration.ofMinutes(7)));
    assertThat(halfway).isCloseTo(atStart + (35 - atStart) / 2, within(1e-9));
    Instant full = MIDNIGHT.plus(Duration.ofMinutes(20));
    assertThat(number(leak, "gas", full)).isEqualTo(35.0);
    assertThat(leak.evaluate(full).values().get("gas_alarm")).isEqualTo(Value.of(true));
    assertThat(leak.evaluate(full).phase()).isEqualTo("leak");
  }

  @Test
  void theRiverRisesAtItsRate() {
    Behaviour river = behaviour("water-level-radar", "lv-1", "river-rising", 1, MIDNIGHT);
    double start = number(river, "level", MIDNIGHT.plus(Duration.ofMinutes(5)).minusNanos(1));
    double hourLater = number(river, "level", MIDNIGHT.plus(Duration.ofMinutes(65)));
    assertThat(hourLater - start).isCloseTo(0.4, within(1e-6));
  }

  @Test
  void aSilentFlatUsesNoWaterForTwelveHoursThenResumes() {
    Behaviour silent = behaviour("water-meter-modbus", "wm-1", "no-water-use", 1, MIDNIGHT);
    double v0 = number(silent, "volume", MIDNIGHT);
    double v11 = number(silent, "volume", MIDNIGHT.plus(Duration.ofHours(11)));
    assertThat(v11).isEqualTo(v0);
    assertThat(number(silent, "flow", MIDNIGHT.plus(Duration.ofHours(8)))).isZero();
    double v20 = number(silent, "volume", MIDNIGHT.plus(Duration.ofHours(20)));
    assertThat(v20).isGreaterThan(v0 + 0.05);
  }

  @Test
  void aNightLeakMovesTheMeterAtThreeInTheMorning() {
    Behaviour normal = behaviour("water-meter-modbus", "wm-1", "baseline", 1, MIDNIGHT);
    Behaviour leak = behaviour("water-meter-modbus", "wm-1", "night-leak", 1, MIDNIGHT);
    Instant two = MIDNIGHT.plus(Duration.ofHours(2));
    Instant four = MIDNIGHT.plus(Duration.ofHours(4));
    double normalUse = number(normal, "volume", four) - number(normal, "volume", two);
    double leakUse = number(leak, "volume", four) - number(leak, "volume", two);
    assertThat(normalUse).isLessThan(0.005);
    // 0.05 m³/h for two hours, on top of the little a household uses at night
    assertThat(leakUse - normalUse).isCloseTo(0.1, within(1e-6));
  }

  @Test
  void theButtonIsPressedForFiveSeconds() {
    Behaviour press = behaviour("alarm-button-mqtt", "sos-1", "alarm-button-press", 1, MIDNIGHT);
    Instant oneMinute = MIDNIGHT.plus(Duration.ofMinutes(1));
    assertThat(press.evaluate(oneMinute.minusSeconds(1)).values().get("pressed"))
        .isEqualTo(Value.of(false));
    assertThat(press.evaluate(oneMinute.plusSeconds(2)).values().get("pressed"))
        .isEqualTo(Value.of(true));
    assertThat(press.evaluate(oneMinute.plusSeconds(6)).values().get("pressed"))
        .isEqualTo(Value.of(false));
  }

  @Test
  void scenariosComposeTracksAndFaults() {
    Behaviour b =
        behaviour("gas-lel-modbus", "gas-1", "gas-leak,fault-dropout,fault-slow", 1, MIDNIGHT);
    assertThat(b.scenario().name()).isEqualTo("gas-leak+fault-dropout+fault-slow");
    assertThat(b.evaluate(MIDNIGHT.plusSeconds(30)).faults()).isEmpty();
    assertThat(b.evaluate(MIDNIGHT.plus(Duration.ofMinutes(3))).faults())
        .extracting(Fault::type)
        .containsExactly(FaultType.NO_RESPONSE, FaultType.SLOW);
    // the dropout ends at 5 minutes; the slow answers go on
    assertThat(b.evaluate(MIDNIGHT.plus(Duration.ofMinutes(6))).faults())
        .extracting(Fault::type)
        .containsExactly(FaultType.SLOW);
  }
}
