package org.citysense.agent.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.junit.jupiter.api.Test;

class StuckDetectorTest {
  private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
  private final StuckDetector detector = new StuckDetector(5, Duration.ofMinutes(10));

  private Reading pm(double value, int minute) {
    return new Reading(
        "pm-1",
        "pm2_5",
        Quantity.PM2_5,
        Value.of(value),
        T0.plusSeconds(60L * minute),
        Quality.GOOD);
  }

  @Test
  void theSameAnalogValueForLongEnoughIsStuck() {
    for (int minute = 0; minute < 10; minute++) {
      assertThat(detector.apply(pm(35.0, minute)).quality()).isEqualTo(Quality.GOOD);
    }
    // fifth and later identical samples, ten minutes after the first
    assertThat(detector.apply(pm(35.0, 10)).quality()).isEqualTo(Quality.STUCK);
    // any change ends it
    assertThat(detector.apply(pm(35.5, 11)).quality()).isEqualTo(Quality.GOOD);
  }

  @Test
  void manyIdenticalSamplesInAShortTimeAreNotStuck() {
    for (int i = 0; i < 50; i++) {
      assertThat(detector.apply(pm(35.0, 0)).quality()).isEqualTo(Quality.GOOD);
    }
  }

  @Test
  void quietMetersAndDetectorsAreNeverStuck() {
    for (int minute = 0; minute < 100; minute += 5) {
      Reading meter =
          new Reading(
              "wm-1",
              "volume",
              Quantity.WATER_VOLUME,
              Value.of(123.4),
              T0.plusSeconds(60L * minute),
              Quality.GOOD);
      assertThat(detector.apply(meter).quality()).isEqualTo(Quality.GOOD);
      Reading gas =
          new Reading(
              "gas-1",
              "gas",
              Quantity.GAS,
              Value.of(0.0),
              T0.plusSeconds(60L * minute),
              Quality.GOOD);
      assertThat(detector.apply(gas).quality()).isEqualTo(Quality.GOOD);
    }
  }
}
