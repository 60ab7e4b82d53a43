package org.citysense.cloud.evaluate;

/**
 * What an event is about; with the rule id it names the one open event for it.
 *
 * @param kind {@code point} (id "device/point"), {@code device}, {@code station} or {@code gateway}
 */
public record SubjectKey(String kind, String id) {
  public static SubjectKey point(String deviceId, String point) {
    return new SubjectKey("point", deviceId + "/" + point);
  }

  public static SubjectKey device(String deviceId) {
    return new SubjectKey("device", deviceId);
  }

  public static SubjectKey station(String stationId) {
    return new SubjectKey("station", stationId);
  }

  public static SubjectKey gateway(String gatewayId) {
    return new SubjectKey("gateway", gatewayId);
  }

  @Override
  public String toString() {
    return kind + ":" + id;
  }
}
