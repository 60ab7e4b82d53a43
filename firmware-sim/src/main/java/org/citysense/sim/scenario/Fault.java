package org.citysense.sim.scenario;

import java.time.Duration;

/**
 * A misbehaviour injected into a device from {@code at} for {@code duration} (null: until stopped).
 *
 * @param point the point it affects, for {@code stuck} and {@code garbage}; null for all
 * @param code the Modbus exception code, for {@code exception}
 * @param delay the answer delay, for {@code slow}
 */
public record Fault(
    FaultType type, Duration at, Duration duration, String point, int code, Duration delay) {

  public boolean activeAt(Duration t) {
    return t.compareTo(at) >= 0 && (duration == null || t.compareTo(at.plus(duration)) < 0);
  }
}
