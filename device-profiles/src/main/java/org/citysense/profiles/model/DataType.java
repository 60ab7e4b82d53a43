package org.citysense.profiles.model;

import java.util.Arrays;
import java.util.Optional;

/** How the raw bytes of a point are typed. */
public enum DataType {
  BOOL("bool", 0, false, false),
  INT16("int16", 2, true, false),
  UINT16("uint16", 2, false, false),
  INT32("int32", 4, true, false),
  UINT32("uint32", 4, false, false),
  FLOAT32("float32", 4, true, true),
  INT64("int64", 8, true, false),
  UINT64("uint64", 8, false, false),
  FLOAT64("float64", 8, true, true);

  private final String id;
  private final int bytes;
  private final boolean signed;
  private final boolean floating;

  DataType(String id, int bytes, boolean signed, boolean floating) {
    this.id = id;
    this.bytes = bytes;
    this.signed = signed;
    this.floating = floating;
  }

  public String id() {
    return id;
  }

  /** Width in bytes; 0 for a single bit (coil, discrete input). */
  public int bytes() {
    return bytes;
  }

  /** How many 16-bit Modbus registers a value occupies. */
  public int registers() {
    return bytes / 2;
  }

  public boolean isSigned() {
    return signed;
  }

  public boolean isFloat() {
    return floating;
  }

  public boolean isInteger() {
    return bytes > 0 && !floating;
  }

  public static Optional<DataType> byId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
