package org.citysense.profiles.model;

/**
 * The arithmetic between a typed raw value and the reported unit: pick a bit or a masked field,
 * then {@code reported = raw * scale + offset}.
 *
 * @param bit bit index (0 = least significant) that makes the point a boolean, or null
 * @param mask bit mask; the masked field is shifted down to bit 0, or null
 */
public record Transform(Integer bit, Long mask, double scale, double offset) {
  public static final Transform IDENTITY = new Transform(null, null, 1, 0);

  public boolean isIdentity() {
    return bit == null && mask == null && scale == 1 && offset == 0;
  }
}
