package org.citysense.profiles.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs {@code speed} times as fast as its base, from a given simulated start. Two
 * processes built with the same start, anchor and speed agree on the time, so a simulator, an agent
 * and a cloud can share one accelerated clock in a demo or a test: "twelve hours without water use"
 * then takes minutes.
 *
 * <p>The simulated time is {@code start + (base.instant() - anchor) × speed}.
 */
public final class ScaledClock extends Clock {
  private final Instant start;
  private final Instant anchor;
  private final double speed;
  private final Clock base;

  /**
   * @param start the simulated time at the anchor
   * @param anchor the base clock's time at which the simulated time is {@code start}
   * @param speed how many simulated seconds pass per base second; more than 0
   */
  public ScaledClock(Instant start, Instant anchor, double speed, Clock base) {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive number, not " + speed);
    }
    this.start = start;
    this.anchor = anchor;
    this.speed = speed;
    this.base = base;
  }

  public double speed() {
    return speed;
  }

  public Instant start() {
    return start;
  }

  public Instant anchor() {
    return anchor;
  }

  /** How long to wait on the base clock for {@code simulated} to pass on this one. */
  public Duration toBase(Duration simulated) {
    return Duration.ofNanos(Math.max(0, (long) (simulated.toNanos() / speed)));
  }

  @Override
  public Instant instant() {
    long elapsedNanos = Duration.between(anchor, base.instant()).toNanos();
    return start.plusNanos((long) (elapsedNanos * speed));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.equals(zone)) {
      return this;
    }
    throw new UnsupportedOperationException("a ScaledClock is in UTC; convert instants instead");
  }

  @Override
  public String toString() {
    return "ScaledClock[start=" + start + ", anchor=" + anchor + ", speed=" + speed + "]";
  }
}
