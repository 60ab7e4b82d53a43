package org.citysense.cloud.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.citysense.cloud.rules.NoConsumptionRule;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.junit.jupiter.api.Test;

/**
 * Active hours 06:00-22:00 in Asia/Shanghai, 12 h of them without a real increase raise; an
 * increase under 0.01 m³ is noise, one over 5 m³ a replaced meter. Day 1 is 2026-05-01.
 */
class NoConsumptionEvaluatorTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final LocalTime SIX = LocalTime.of(6, 0);
  private static final LocalTime TWENTY_TWO = LocalTime.of(22, 0);
  private static final DeviceContext METER =
      new DeviceContext("m1", "gw1", "water-meter", null, "h1", "u1");

  private final NoConsumptionEvaluator evaluator =
      new NoConsumptionEvaluator(
          new NoConsumptionRule(
              "no-water",
              Severity.MAJOR,
              true,
              Quantity.WATER_VOLUME,
              Duration.ofHours(12),
              SIX,
              TWENTY_TWO,
              0.01,
              5.0),
          SHANGHAI);
  private final List<Signal> signals = new ArrayList<>();

  private static Instant local(ZoneId zone, String dateTime) {
    return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
  }

  /** A reading on day {@code day} (1 = 2026-05-01) at {@code time}, Shanghai time. */
  private void meter(double m3, int day, String time, Quality quality) {
    Instant at = local(SHANGHAI, "2026-05-0" + day + "T" + time);
    evaluator.observe(
        new Observation(METER, "volume", Quantity.WATER_VOLUME, Value.of(m3), at, quality),
        signals::add);
  }

  private void meter(double m3, int day, String time) {
    meter(m3, day, time, Quality.GOOD);
  }

  private List<Signal.Kind> kinds() {
    return signals.stream().map(Signal::kind).toList();
  }

  @Test
  void twelveActiveHoursOverTwoDaysRaiseNightHoursDoNotCount() {
    meter(100.0, 1, "14:00"); // baseline, silence starts
    meter(100.0, 1, "22:00"); // 8 h
    meter(100.0, 2, "05:00"); // still 8 h: the night does not count
    meter(100.004, 2, "09:00"); // 11 h; noise
    assertThat(signals).isEmpty();

    meter(100.004, 2, "10:00"); // 12 h
    meter(100.004, 2, "10:30"); // 12.5 h: raised again

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.RAISE);
    Signal s = signals.get(0);
    assertThat(s.ruleType()).isEqualTo(RuleType.NO_CONSUMPTION);
    assertThat(s.category()).isEqualTo(Category.WELFARE);
    assertThat(s.subject()).isEqualTo(SubjectKey.device("m1"));
    assertThat(s.unitId()).isEqualTo("u1");
    assertThat(s.stationId()).isNull();
    assertThat(s.at()).isEqualTo(local(SHANGHAI, "2026-05-02T10:00"));
    assertThat(s.summary()).isEqualTo("no water used for 12.0 h of active hours (06:00-22:00)");
    assertThat(s.details())
        .containsEntry("householdId", "h1")
        .containsEntry("silentSince", "2026-05-01T06:00:00Z")
        .containsEntry("activeSilenceHours", 12.0)
        .containsEntry("limitHours", 12.0);
    assertThat(signals.get(1).summary()).startsWith("no water used for 12.5 h");
    assertThat(evaluator.status().evaluated()).isEqualTo(6);
    assertThat(evaluator.status().signalled()).isEqualTo(2);
  }

  @Test
  void consumptionClearsOnceAndRestartsTheSilenceClock() {
    meter(100.0, 1, "14:00");
    meter(100.0, 2, "10:00"); // raise
    meter(100.05, 2, "11:00"); // consumption: clear
    meter(100.06, 2, "11:30"); // consumption again: nothing more to clear
    meter(100.06, 2, "22:00"); // 10.5 h since 11:30

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.CLEAR);
    Signal clear = signals.get(1);
    assertThat(clear.summary())
        .isEqualTo("water used again (0.05 m³) after 13.0 h of active silence");
    assertThat(clear.details()).containsEntry("silentSince", "2026-05-01T06:00:00Z");
  }

  @Test
  void aMeterResetToZeroIsNotConsumptionAndIncrementsFromZeroAre() {
    meter(500.0, 1, "08:00");
    meter(500.0, 1, "20:00"); // 12 h: raise
    meter(0.0, 1, "21:00"); // reset: a new baseline, but nobody used water: still silent
    meter(0.02, 1, "21:30"); // 0.02 above the new baseline: real consumption, clear
    meter(0.02, 2, "09:00"); // 0.5 h + 3 h since 21:30: quiet

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.RAISE, Signal.Kind.CLEAR);
    assertThat(signals.get(1).summary()).startsWith("no water used for 13.0 h");
    assertThat(evaluator.status().notes())
        .containsExactly(
            "m1: meter went back from 500.0 to 0.0 m³, new baseline; silence keeps counting");
  }

  @Test
  void aRolloverIsNeitherConsumptionNorARestartOfTheSilence() {
    meter(99999.90, 1, "06:00");
    meter(99999.95, 1, "07:00"); // consumption: silence from 07:00
    meter(0.02, 1, "08:00"); // rolled over
    meter(0.02, 1, "18:59");
    assertThat(signals).isEmpty();

    meter(0.02, 1, "19:00"); // 12 h since 07:00
    meter(0.10, 1, "19:30"); // consumption after the rollover

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.CLEAR);
  }

  @Test
  void aJumpLargerThanMaxStepIsAReplacedMeterNotConsumption() {
    meter(10.0, 1, "06:00");
    meter(1234.0, 1, "18:00"); // +1224 m³: replaced; 12 h silent all the same
    meter(1234.1, 1, "18:30"); // consumption from the new meter's count

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.CLEAR);
    assertThat(evaluator.status().notes())
        .containsExactly(
            "m1: meter jumped by 1224.0 m³ (more than 5.0), taken as a replaced meter;"
                + " silence keeps counting");
  }

  @Test
  void increasesBelowMinIncreaseAreNoiseButAddUpAgainstTheBaseline() {
    meter(100.000, 1, "06:00");
    meter(100.004, 1, "07:00"); // noise
    meter(100.008, 1, "08:00"); // noise: 0.008 above the baseline
    meter(100.012, 1, "09:00"); // 0.012 above the baseline: consumption, silence from 09:00
    meter(100.012, 1, "20:59");
    assertThat(signals).isEmpty();

    meter(100.012, 1, "21:00");

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE);
    assertThat(signals.get(0).summary()).startsWith("no water used for 12.0 h");
  }

  @Test
  void anOlderReadingFromAReplayedBacklogIsCountedButIgnored() {
    meter(100.0, 1, "14:00");
    meter(100.0, 2, "10:00"); // raise
    meter(100.05, 1, "20:00"); // older: would be consumption and clear
    meter(100.0, 2, "10:30"); // still silent since day 1 14:00

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE, Signal.Kind.RAISE);
    assertThat(signals.get(1).summary()).startsWith("no water used for 12.5 h");
    assertThat(evaluator.status().evaluated()).isEqualTo(4);
  }

  @Test
  void readingsOfBadQualityAreIgnored() {
    meter(100.0, 1, "06:00");
    meter(150.0, 1, "07:00", Quality.OUT_OF_RANGE);
    meter(100.0, 1, "18:00");

    assertThat(kinds()).containsExactly(Signal.Kind.RAISE);
  }

  @Test
  void activeBetweenCountsOnlyTheDailyWindowAcrossMidnight() {
    Instant evening = local(SHANGHAI, "2026-05-01T20:00");
    Instant morning = local(SHANGHAI, "2026-05-02T08:00");

    assertThat(evaluator.activeBetween(evening, morning)).isEqualTo(Duration.ofHours(4));
    assertThat(
            NoConsumptionEvaluator.activeBetween(
                evening, morning, TWENTY_TWO, SIX, SHANGHAI)) // a night window
        .isEqualTo(Duration.ofHours(8));
    assertThat(
            evaluator.activeBetween(
                local(SHANGHAI, "2026-05-01T05:00"), local(SHANGHAI, "2026-05-01T07:30")))
        .isEqualTo(Duration.ofMinutes(90));
    assertThat(
            evaluator.activeBetween(
                local(SHANGHAI, "2026-05-01T00:00"), local(SHANGHAI, "2026-05-04T00:00")))
        .isEqualTo(Duration.ofHours(48));
    assertThat(evaluator.activeBetween(morning, evening)).isZero();
  }

  @Test
  void activeBetweenFollowsTheClockAcrossDstChanges() {
    LocalTime midnight = LocalTime.MIDNIGHT;
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 00:00-06:00 lasts 5 h and the day 23 h
    Instant springFrom = local(BERLIN, "2026-03-28T12:00");
    Instant springTo = local(BERLIN, "2026-03-29T12:00");
    assertThat(
            NoConsumptionEvaluator.activeBetween(
                springFrom, springTo, midnight, LocalTime.of(6, 0), BERLIN))
        .isEqualTo(Duration.ofHours(5));
    assertThat(
            NoConsumptionEvaluator.activeBetween(
                local(BERLIN, "2026-03-29T00:00"),
                local(BERLIN, "2026-03-30T00:00"),
                midnight,
                midnight,
                BERLIN))
        .isEqualTo(Duration.ofHours(23));
    // a window opening inside the gap opens when the clock reaches it: 03:30 CEST
    assertThat(
            NoConsumptionEvaluator.activeBetween(
                springFrom, springTo, LocalTime.of(2, 30), LocalTime.of(4, 0), BERLIN))
        .isEqualTo(Duration.ofMinutes(30));
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 00:00-06:00 lasts 7 h
    assertThat(
            NoConsumptionEvaluator.activeBetween(
                local(BERLIN, "2026-10-24T12:00"),
                local(BERLIN, "2026-10-25T12:00"),
                midnight,
                LocalTime.of(6, 0),
                BERLIN))
        .isEqualTo(Duration.ofHours(7));
  }
}
