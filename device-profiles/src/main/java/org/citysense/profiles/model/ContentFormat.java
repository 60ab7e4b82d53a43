package org.citysense.profiles.model;

import java.util.Arrays;
import java.util.Optional;

/** The CoAP content formats a profile may declare, with their registered numbers. */
public enum ContentFormat {
  TEXT_PLAIN("text/plain", 0),
  APPLICATION_JSON("application/json", 50);

  private final String id;
  private final int number;

  ContentFormat(String id, int number) {
    this.id = id;
    this.number = number;
  }

  public String id() {
    return id;
  }

  /** The CoAP Content-Format option value. */
  public int number() {
    return number;
  }

  public static Optional<ContentFormat> byId(String id) {
    return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
