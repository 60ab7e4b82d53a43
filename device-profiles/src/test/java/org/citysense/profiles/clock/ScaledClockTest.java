package org.citysense.profiles.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaledClockTest {
  private static final Instant REAL = Instant.parse("2026-11-22T01:00:00Z");
  private static final Instant SIM = Instant.parse("2026-11-22T06:00:00Z");

  @Test
  void runsSpeedTimesFasterFromItsStart() {
    Clock base = Clock.fixed(REAL.plusSeconds(60), ZoneOffset.UTC);
    ScaledClock clock = new ScaledClock(SIM, REAL, 60, base);
    // one real minute at speed 60 is one simulated hour
    assertThat(clock.instant()).isEqualTo(SIM.plus(Duration.ofHours(1)));
    assertThat(clock.toBase(Duration.ofHours(12))).isEqualTo(Duration.ofMinutes(12));
  }

  @Test
  void twoProcessesWithTheSameSettingsAgree() {
    ClockSettings settings =
        ClockSettings.fromEnvironment(
            Map.of(
                ClockSettings.START_ENV, SIM.toString(),
                ClockSettings.ANCHOR_ENV, REAL.toString(),
                ClockSettings.SPEED_ENV, "120"));
    Clock base = Clock.fixed(REAL.plusSeconds(30), ZoneOffset.UTC);
    assertThat(settings.toClock(base).instant()).isEqualTo(settings.toClock(base).instant());
    assertThat(settings.toClock(base).instant()).isEqualTo(SIM.plus(Duration.ofHours(1)));
  }

  @Test
  void noSettingsMeansTheBaseClock() {
    Clock base = Clock.systemUTC();
    assertThat(ClockSettings.fromEnvironment(Map.of()).toClock(base)).isSameAs(base);
    assertThat(ClockSettings.SYSTEM.override(null, null, 10.0).toClock(base))
        .isInstanceOf(ScaledClock.class);
  }

  @Test
  void badSettingsSayWhich() {
    assertThatThrownBy(
            () -> ClockSettings.fromEnvironment(Map.of(ClockSettings.START_ENV, "tomorrow")))
        .hasMessage(
            "CITYSENSE_CLOCK_START: \"tomorrow\" is not a UTC time such as 2026-11-22T06:00:00Z");
    assertThatThrownBy(() -> new ClockSettings(null, null, 0))
        .hasMessage("speed must be a positive number, not 0.0");
  }
}
