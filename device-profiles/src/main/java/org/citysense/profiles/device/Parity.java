package org.citysense.profiles.device;

import java.util.Arrays;
import java.util.Optional;

/** Serial parity, written as its one-letter code (N, E, O) in files and on command lines. */
public enum Parity {
  NONE("N"),
  EVEN("E"),
  ODD("O");

  private final String code;

  Parity(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Parity> byCode(String code) {
    return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
  }

  @Override
  public String toString() {
    return code;
  }
}
