package org.citysense.cloud.auth;

/**
 * Who is calling, as established from a bearer token.
 *
 * @param subject the gateway id for gateway tokens, the token's name for people
 * @param unitId the unit an operator (or viewer) is bound to, with its subtree; null for all
 */
public record Principal(String tokenId, String subject, Role role, String unitId) {
  public boolean isGateway() {
    return role == Role.GATEWAY;
  }

  public boolean canWrite() {
    return role == Role.ADMIN || role == Role.OPERATOR;
  }
}
