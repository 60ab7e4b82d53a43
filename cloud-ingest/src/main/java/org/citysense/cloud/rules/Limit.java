package org.citysense.cloud.rules;

/**
 * A threshold's limit: a fixed number in the quantity's canonical unit, or the name of a level set
 * on the station the device hangs from (e.g. {@code warning} for a river gauge). Exactly one of the
 * two is set.
 */
public record Limit(Double value, String level) {
  public static Limit of(double value) {
    return new Limit(value, null);
  }

  public static Limit level(String name) {
    return new Limit(null, name);
  }

  public boolean isLevel() {
    return level != null;
  }

  @Override
  public String toString() {
    return isLevel() ? "station level " + level : String.valueOf(value);
  }
}
