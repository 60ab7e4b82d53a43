package org.citysense.profiles.model;

/** The valid range of a point, inclusive, in the canonical unit of its quantity. */
public record Range(double min, double max) {
  public boolean contains(double value) {
    return value >= min && value <= max;
  }

  @Override
  public String toString() {
    return "[" + min + ", " + max + "]";
  }
}
