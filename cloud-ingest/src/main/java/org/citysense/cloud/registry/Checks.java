package org.citysense.cloud.registry;

import java.util.regex.Pattern;

/** The field checks every repository shares. */
final class Checks {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private Checks() {}

  /** Whether {@code value} could be the id of something in the registry. */
  static boolean isId(String value) {
    return value != null && ID.matcher(value).matches();
  }

  static String id(String field, String value) {
    if (!isId(value)) {
      throw new FieldException(
          field,
          (value == null ? "missing" : "\"" + value + "\" is not an id")
              + "; letters, digits, '_', '.', '-', at most 64, starting with a letter or digit");
    }
    return value;
  }

  static String text(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new FieldException(field, "missing");
    }
    if (value.length() > max) {
      throw new FieldException(field, "longer than " + max + " characters");
    }
    return value.strip();
  }

  static String optionalText(String field, String value, int max) {
    return value == null || value.isBlank() ? null : text(field, value, max);
  }

  /** Both coordinates or neither, each in its WGS-84 range. */
  static void position(Double lat, Double lon) {
    if (lat != null && !(lat >= -90 && lat <= 90)) {
      throw new FieldException("lat", lat + " is not a latitude (-90..90)");
    }
    if (lon != null && !(lon >= -180 && lon <= 180)) {
      throw new FieldException("lon", lon + " is not a longitude (-180..180)");
    }
    if ((lat == null) != (lon == null)) {
      throw new FieldException(lat == null ? "lat" : "lon", "give both lat and lon, or neither");
    }
  }
}
