package org.citysense.cloud.auth;

/**
 * What a gateway gets for its enrollment code: its id and its secret token, shown once.
 *
 * @param token the bearer token for ingest and device registration
 */
public record Enrolled(String gatewayId, String unitId, String token) {
  @Override
  public String toString() {
    return "Enrolled[gatewayId=" + gatewayId + ", unitId=" + unitId + "]";
  }
}
