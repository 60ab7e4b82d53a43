package org.citysense.cloud.auth;

/** What a token may do. Gateways have their own kind of token, for ingest and registration. */
public enum Role {
  ADMIN,
  /** Reads and changes what belongs to one unit and its subtree (or, explicitly, all units). */
  OPERATOR,
  /** Reads only, within its unit's subtree (or, explicitly, all units). */
  VIEWER,
  /**
   * A family member: reads its households' events, devices, readings and contacts, acknowledges
   * their events, adds contacts and opts them out; nothing else.
   */
  FAMILY,
  /** A gateway: sends batches, registers its own devices. */
  GATEWAY;

  public String id() {
    return name().toLowerCase();
  }
}
