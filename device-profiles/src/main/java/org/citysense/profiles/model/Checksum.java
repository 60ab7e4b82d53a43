package org.citysense.profiles.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a serial frame is checked.
 *
 * @param from first byte covered (0-based, inclusive)
 * @param to last byte covered (inclusive)
 * @param at where the checksum sits; CRC-16 takes two bytes, low byte first
 */
public record Checksum(Kind kind, int from, int to, int at) {

  public enum Kind {
    NONE("none", 0),
    /** Low byte of the sum of the covered bytes, as in the SDS011 frame. */
    SUM8("sum8", 1),
    XOR8("xor8", 1),
    /** CRC-16/MODBUS (polynomial 0xA001 reflected, initial 0xFFFF). */
    CRC16_MODBUS("crc16-modbus", 2);

    private final String id;
    private final int width;

    Kind(String id, int width) {
      this.id = id;
      this.width = width;
    }

    public String id() {
      return id;
    }

    public int width() {
      return width;
    }

    public static Optional<Kind> byId(String id) {
      return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
      return id;
    }
  }

  public static final Checksum NONE = new Checksum(Kind.NONE, 0, 0, 0);
}
