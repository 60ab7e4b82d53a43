package org.citysense.profiles.wire;

import java.util.List;
import org.citysense.profiles.model.Value;

/**
 * An alarm the gateway raised (or cleared) itself, without waiting for the cloud.
 *
 * @param seq from the same per-gateway sequence as readings
 * @param kind {@code alarm_raised} or {@code alarm_cleared}
 * @param value the value that raised or cleared it
 * @param limit the limit in force, as text ("&gt;= 20.0", "when true")
 * @param actions what the gateway did about it, e.g. closed a valve
 */
public record EdgeEvent(
    long seq,
    String deviceId,
    String point,
    String kind,
    Value value,
    String limit,
    long ts,
    List<EdgeAction> actions) {
  public static final String RAISED = "alarm_raised";
  public static final String CLEARED = "alarm_cleared";

  public EdgeEvent {
    actions = actions == null ? List.of() : List.copyOf(actions);
  }
}
