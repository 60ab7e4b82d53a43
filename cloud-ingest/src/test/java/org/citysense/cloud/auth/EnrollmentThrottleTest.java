package org.citysense.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.citysense.cloud.testdb.MutableClock;
import org.junit.jupiter.api.Test;

class EnrollmentThrottleTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
  private final EnrollmentThrottle throttle =
      new EnrollmentThrottle(3, Duration.ofMinutes(15), clock);

  @Test
  void anAddressWaitsOutTheWindowOfItsFailures() {
    throttle.failed("198.51.100.7");
    clock.advance(Duration.ofMinutes(5));
    throttle.failed("198.51.100.7");
    assertThat(throttle.waitFor("198.51.100.7")).isEmpty();
    throttle.failed("198.51.100.7");

    assertThat(throttle.waitFor("198.51.100.7")).contains(Duration.ofMinutes(10));
    assertThat(throttle.waitFor("203.0.113.9")).isEmpty();
    clock.advance(Duration.ofMinutes(10));
    assertThat(throttle.waitFor("198.51.100.7")).isEmpty();
  }

  @Test
  void failuresInAnEndedWindowDoNotCount() {
    throttle.failed("198.51.100.7");
    throttle.failed("198.51.100.7");
    clock.advance(Duration.ofMinutes(15));
    throttle.failed("198.51.100.7");

    assertThat(throttle.waitFor("198.51.100.7")).isEmpty();
  }
}
