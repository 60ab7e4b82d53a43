package org.citysense.profiles.model;

import java.util.HexFormat;

/** A fixed-length frame a serial-line sensor sends: header, fields, checksum, tail. */
public record FrameSpec(int length, byte[] header, byte[] tail, Checksum checksum) {

  public FrameSpec {
    header = header.clone();
    tail = tail.clone();
  }

  @Override
  public byte[] header() {
    return header.clone();
  }

  @Override
  public byte[] tail() {
    return tail.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FrameSpec f
        && f.length == length
        && java.util.Arrays.equals(f.header, header)
        && java.util.Arrays.equals(f.tail, tail)
        && f.checksum.equals(checksum);
  }

  @Override
  public int hashCode() {
    return length * 31 + java.util.Arrays.hashCode(header);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of().withUpperCase();
    return "FrameSpec[length="
        + length
        + ", header="
        + hex.formatHex(header)
        + ", tail="
        + hex.formatHex(tail)
        + ", checksum="
        + checksum
        + "]";
  }
}
