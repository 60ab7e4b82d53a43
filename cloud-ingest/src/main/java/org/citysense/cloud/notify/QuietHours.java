package org.citysense.cloud.notify;

import java.time.LocalTime;

/**
 * A daily span in the deployment's time zone when only critical events may wake a person; {@code
 * from} after {@code to} spans midnight (22:00–07:00).
 */
public record QuietHours(LocalTime from, LocalTime to) {
  public boolean contains(LocalTime t) {
    if (from.equals(to)) {
      return false;
    }
    return from.isBefore(to)
        ? !t.isBefore(from) && t.isBefore(to)
        : !t.isBefore(from) || t.isBefore(to);
  }
}
