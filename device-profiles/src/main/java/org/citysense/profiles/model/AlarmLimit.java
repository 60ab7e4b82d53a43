package org.citysense.profiles.model;

/**
 * When an alarm-class point is in alarm. A boolean point is in alarm when true; a numeric one at or
 * above {@code above}, or at or below {@code below} (canonical unit).
 */
public record AlarmLimit(Double above, Double below) {
  /** The limit of a boolean point: in alarm when true. */
  public static final AlarmLimit WHEN_TRUE = new AlarmLimit(null, null);

  public boolean isTriggered(Value value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Value.Bool flag) {
      return flag.value();
    }
    double v = value.asDouble();
    return (above != null && v >= above) || (below != null && v <= below);
  }

  @Override
  public String toString() {
    if (above == null && below == null) {
      return "when true";
    }
    String text = above != null ? ">= " + above : "";
    return below == null ? text : (text.isEmpty() ? "" : text + " or ") + "<= " + below;
  }
}
