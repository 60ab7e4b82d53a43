package org.citysense.profiles.decode;

import java.util.Arrays;
import java.util.Optional;
import org.citysense.profiles.model.Checksum;
import org.citysense.profiles.model.FrameSpec;

/** Checks and writes the fixed parts of a serial frame: header, tail, checksum. */
public final class Frames {
  private Frames() {}

  /** What is wrong with {@code frame}, or empty when it is a good frame of {@code spec}. */
  public static Optional<String> problem(FrameSpec spec, byte[] frame) {
    if (frame.length != spec.length()) {
      return Optional.of("frame is " + frame.length + " bytes, expected " + spec.length());
    }
    byte[] header = spec.header();
    if (!Arrays.equals(frame, 0, header.length, header, 0, header.length)) {
      return Optional.of("bad header");
    }
    byte[] tail = spec.tail();
    if (!Arrays.equals(frame, frame.length - tail.length, frame.length, tail, 0, tail.length)) {
      return Optional.of("bad tail");
    }
    Checksum c = spec.checksum();
    if (c.kind() != Checksum.Kind.NONE) {
      int expected = compute(c, frame);
      int found = read(c, frame);
      if (expected != found) {
        return Optional.of(
            String.format("bad checksum: computed 0x%X, frame says 0x%X", expected, found));
      }
    }
    return Optional.empty();
  }

  /** Writes the checksum into {@code frame} in place. */
  public static void writeChecksum(FrameSpec spec, byte[] frame) {
    Checksum c = spec.checksum();
    int value = compute(c, frame);
    switch (c.kind()) {
      case NONE -> {}
      case SUM8, XOR8 -> frame[c.at()] = (byte) value;
      case CRC16_MODBUS -> {
        frame[c.at()] = (byte) value;
        frame[c.at() + 1] = (byte) (value >>> 8);
      }
    }
  }

  private static int compute(Checksum c, byte[] frame) {
    return switch (c.kind()) {
      case NONE -> 0;
      case SUM8 -> {
        int sum = 0;
        for (int i = c.from(); i <= c.to(); i++) {
          sum += frame[i] & 0xFF;
        }
        yield sum & 0xFF;
      }
      case XOR8 -> {
        int x = 0;
        for (int i = c.from(); i <= c.to(); i++) {
          x ^= frame[i] & 0xFF;
        }
        yield x;
      }
      case CRC16_MODBUS -> Crc16.modbus(frame, c.from(), c.to() - c.from() + 1);
    };
  }

  private static int read(Checksum c, byte[] frame) {
    return switch (c.kind()) {
      case NONE -> 0;
      case SUM8, XOR8 -> frame[c.at()] & 0xFF;
      case CRC16_MODBUS -> (frame[c.at()] & 0xFF) | ((frame[c.at() + 1] & 0xFF) << 8);
    };
  }
}
