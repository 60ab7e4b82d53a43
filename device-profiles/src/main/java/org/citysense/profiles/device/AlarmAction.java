package org.citysense.profiles.device;

import java.util.Objects;
import org.citysense.profiles.model.Value;

/**
 * What the gateway writes, at once and by itself, when one of a device's alarms is raised: e.g.
 * close the gas valve of the alarming detector, or switch on a siren elsewhere on the site.
 *
 * @param device the device written, or null for the alarming device itself
 * @param point a writable point of that device
 * @param value what to write, in the point's canonical unit (a boolean for coils)
 */
public record AlarmAction(String device, String point, Value value) {
  public AlarmAction {
    Objects.requireNonNull(point, "point");
    Objects.requireNonNull(value, "value");
  }

  /** The device written when {@code alarming} raises an alarm. */
  public String targetOf(String alarming) {
    return device == null ? alarming : device;
  }
}
