package org.citysense.cloud.auth;

/**
 * A token just issued: the only moment its secret is known to the cloud.
 *
 * @param secret the bearer token, to hand to its holder once
 */
public record IssuedToken(TokenInfo info, String secret) {
  public String id() {
    return info.id();
  }

  @Override
  public String toString() {
    // keeps the secret out of logs and exception messages
    return "IssuedToken[" + info + "]";
  }
}
