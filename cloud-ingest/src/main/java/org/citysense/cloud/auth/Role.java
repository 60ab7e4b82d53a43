package org.citysense.cloud.auth;

/** What a token may do. Gateways have their own kind of token, for ingest and registration. */
public enum Role {
  ADMIN,
  /** Reads and changes what belongs to one unit and its subtree. */
  OPERATOR,
  /** Reads only. */
  VIEWER,
  /** A gateway: sends batches, registers its own devices. */
  GATEWAY;

  public String id() {
    return name().toLowerCase();
  }
}
