package org.citysense.cloud.notify;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cloud's clock for whole-service tests: the system's, moved forward as a test says. Only a
 * profile that lists it in {@code getEnabledAlternatives()} replaces {@code ClockWiring}'s clock
 * with it. It runs on with real time (retries and timers behave as usual) and only ever moves
 * forward, since events, the delivery log and the notifier all assume time does.
 */
@Alternative
@Singleton
public class AdjustableClock extends Clock {
  private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

  /** Moves the clock forward by {@code by}. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward, not by " + by);
    }
    ahead.updateAndGet(d -> d.plus(by));
  }

  /** Moves the clock forward to {@code to}; refuses to go back. */
  public void advanceTo(Instant to) {
    Duration by = Duration.between(instant(), to);
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock is already past " + to);
    }
    advance(by);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(ahead.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the cloud's clock stays in UTC");
  }
}
