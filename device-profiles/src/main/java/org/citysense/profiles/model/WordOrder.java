package org.citysense.profiles.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The order in which a multi-byte value's bytes travel, written for a 32-bit value whose bytes,
 * most significant first, are A B C D. For 64-bit values the same four codes mean: ABCD all
 * big-endian, CDAB the four 16-bit words in reverse order, BADC the bytes swapped inside every
 * word, DCBA all little-endian. A 16-bit value is either ABCD (big-endian) or BADC (swapped).
 */
public enum WordOrder {
  ABCD,
  CDAB,
  BADC,
  DCBA;

  private static final List<WordOrder> SIXTEEN_BIT = List.of(ABCD, BADC);

  /** The orders a value of {@code type} may declare. */
  public static List<WordOrder> allowedFor(DataType type) {
    return type.bytes() == 2 ? SIXTEEN_BIT : List.of(values());
  }

  public static Optional<WordOrder> byId(String id) {
    return Arrays.stream(values()).filter(o -> o.name().equals(id)).findFirst();
  }

  /**
   * Reorders {@code bytes} between this wire order and big-endian. Every order is its own inverse,
   * so the same call serves decoding and encoding.
   */
  public byte[] reorder(byte[] bytes) {
    int n = bytes.length;
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = bytes[source(i, n)];
    }
    return out;
  }

  private int source(int i, int n) {
    return switch (this) {
      case ABCD -> i;
      case DCBA -> n - 1 - i;
      case BADC -> i ^ 1;
      case CDAB -> (n - 2 - (i & ~1)) + (i & 1);
    };
  }
}
