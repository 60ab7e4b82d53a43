package org.citysense.profiles.model;

import java.time.Duration;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.quantity.Unit;

/**
 * One value a device offers, with everything needed to turn its raw form into a reading.
 *
 * @param unit the unit the device reports in, converted to the quantity's canonical unit
 * @param range valid range in the canonical unit, or null for none
 * @param alarm the default alarm limit when the point is alarm-class, else null
 */
public record Point(
    String name,
    Quantity quantity,
    Unit unit,
    Source source,
    Transform transform,
    Range range,
    Duration interval,
    AlarmLimit alarm,
    boolean writable) {

  /** Alarm-class points are polled fast and forwarded first. */
  public boolean isAlarmClass() {
    return alarm != null;
  }
}
