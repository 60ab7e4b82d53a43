package org.citysense.profiles.device;

/** A WGS-84 position, with an optional free-text place ("Building 3, basement"). */
public record Location(Double latitude, Double longitude, String place) {
  public boolean hasCoordinates() {
    return latitude != null && longitude != null;
  }
}
