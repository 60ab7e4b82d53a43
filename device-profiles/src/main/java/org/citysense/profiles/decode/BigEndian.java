package org.citysense.profiles.decode;

import java.nio.ByteBuffer;
import org.citysense.profiles.model.DataType;

/** Typed values to and from big-endian bytes; word and byte order are handled before and after. */
final class BigEndian {
  private BigEndian() {}

  /**
   * The integer in {@code bytes}, sign-extended for signed types (uint64 keeps its bit pattern).
   */
  static long readInteger(byte[] bytes, DataType type) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return switch (type) {
      case INT16 -> b.getShort();
      case UINT16 -> Short.toUnsignedLong(b.getShort());
      case INT32 -> b.getInt();
      case UINT32 -> Integer.toUnsignedLong(b.getInt());
      case INT64, UINT64 -> b.getLong();
      default -> throw new IllegalArgumentException(type + " is not an integer type");
    };
  }

  /**
   * The floating-point value in {@code bytes}. A float32 is widened through its shortest decimal
   * (142.5, not 142.49999821186066): the digits beyond a float's precision are noise that would
   * otherwise show in every reading, event and message.
   */
  static double readFloat(byte[] bytes, DataType type) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return switch (type) {
      case FLOAT32 -> Double.parseDouble(Float.toString(b.getFloat()));
      case FLOAT64 -> b.getDouble();
      default -> throw new IllegalArgumentException(type + " is not a float type");
    };
  }

  /** The value as a double; uint64 is read as unsigned. */
  static double integerToDouble(long raw, DataType type) {
    if (type == DataType.UINT64 && raw < 0) {
      return (double) (raw >>> 1) * 2.0 + (raw & 1);
    }
    return raw;
  }

  static byte[] writeInteger(long value, DataType type) {
    ByteBuffer b = ByteBuffer.allocate(type.bytes());
    switch (type) {
      case INT16, UINT16 -> b.putShort((short) value);
      case INT32, UINT32 -> b.putInt((int) value);
      case INT64, UINT64 -> b.putLong(value);
      default -> throw new IllegalArgumentException(type + " is not an integer type");
    }
    return b.array();
  }

  static byte[] writeFloat(double value, DataType type) {
    ByteBuffer b = ByteBuffer.allocate(type.bytes());
    switch (type) {
      case FLOAT32 -> b.putFloat((float) value);
      case FLOAT64 -> b.putDouble(value);
      default -> throw new IllegalArgumentException(type + " is not a float type");
    }
    return b.array();
  }

  /** The smallest and largest raw integer a type holds, as doubles for range checks. */
  static double min(DataType type) {
    return switch (type) {
      case INT16 -> Short.MIN_VALUE;
      case INT32 -> Integer.MIN_VALUE;
      case INT64 -> Long.MIN_VALUE;
      default -> 0;
    };
  }

  static double max(DataType type) {
    return switch (type) {
      case INT16 -> Short.MAX_VALUE;
      case UINT16 -> 65_535;
      case INT32 -> Integer.MAX_VALUE;
      case UINT32 -> 4_294_967_295.0;
      case INT64 -> Long.MAX_VALUE;
      case UINT64 -> 18_446_744_073_709_551_615.0;
      default -> 0;
    };
  }

  /** Registers to bytes: each register travels high byte first. */
  static byte[] fromRegisters(int[] words) {
    byte[] bytes = new byte[words.length * 2];
    for (int i = 0; i < words.length; i++) {
      bytes[2 * i] = (byte) (words[i] >>> 8);
      bytes[2 * i + 1] = (byte) words[i];
    }
    return bytes;
  }

  static int[] toRegisters(byte[] bytes) {
    int[] words = new int[bytes.length / 2];
    for (int i = 0; i < words.length; i++) {
      words[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
    }
    return words;
  }
}
