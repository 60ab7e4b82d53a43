package org.citysense.profiles.model;

import java.time.Instant;
import java.util.Objects;
import org.citysense.profiles.quantity.Quantity;

/**
 * One normalized reading of one point of one device, in the canonical unit of its quantity.
 *
 * @param value null exactly when {@code quality} carries no value (comm_error, invalid)
 */
public record Reading(
    String deviceId,
    String point,
    Quantity quantity,
    Value value,
    Instant timestamp,
    Quality quality) {

  public Reading {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(point, "point");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(quality, "quality");
    if (quality.hasValue() != (value != null)) {
      throw new IllegalArgumentException(
          "value must be "
              + (quality.hasValue() ? "present" : "null")
              + " when quality is "
              + quality);
    }
    if (value != null && quantity.isBoolean() != (value instanceof Value.Bool)) {
      throw new IllegalArgumentException(
          quantity + " takes a " + (quantity.isBoolean() ? "boolean" : "number") + " value");
    }
  }

  /** A reading for a point that could not be read at all. */
  public static Reading commError(String deviceId, Point point, Instant at) {
    return new Reading(deviceId, point.name(), point.quantity(), null, at, Quality.COMM_ERROR);
  }

  public String unit() {
    return quantity.canonicalUnit().symbol();
  }

  public Reading withQuality(Quality newQuality) {
    return new Reading(deviceId, point, quantity, value, timestamp, newQuality);
  }
}
