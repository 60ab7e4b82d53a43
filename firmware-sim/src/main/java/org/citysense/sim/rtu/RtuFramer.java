package org.citysense.sim.rtu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.citysense.modbus.RtuFraming;
import org.citysense.profiles.device.SerialSettings;

/**
 * Cuts Modbus RTU request frames out of the bytes a serial port delivers, in whatever chunks they
 * come. A frame ends where its function code says (1–6: 8 bytes; 15, 16: 9 + byte count) or, for
 * other function codes, at the silent interval; a silence longer than 3.5 character times discards
 * a partial frame. After a bad CRC the framer hunts byte by byte for the next good frame. One
 * framer per serial port; not thread-safe.
 */
public final class RtuFramer {
  /** The longest RTU frame the standard allows. */
  static final int MAX_FRAME = 256;

  private static final int MIN_FRAME = 4;
  private static final int MAX_UNIT_ID = 247;
  private static final long FAST_LINE_GAP_NANOS = 1_750_000;
  private static final int LENGTH_BY_GAP = -1;
  private static final int LENGTH_NOT_YET_KNOWN = 0;
  private static final int NOT_A_FRAME = -2;

  /** One request: the slave address and the PDU (function code first), CRC already checked. */
  public record Frame(int unitId, byte[] pdu) {}

  private final long gapNanos;
  private final LongSupplier nanoTime;
  private byte[] buffer = new byte[MAX_FRAME];
  private int length;
  private long lastByteAt;
  private boolean hunting;
  private long frames;
  private long badCrc;
  private long discardedBytes;

  /**
   * @param nanoTime the time source, as {@link System#nanoTime()}; ptys carry no baud timing, so
   *     tests drive the silent interval with a fake one
   */
  public RtuFramer(SerialSettings serial, LongSupplier nanoTime) {
    this.gapNanos = silentInterval(serial).toNanos();
    this.nanoTime = nanoTime;
  }

  /** 3.5 character times, fixed at 1.75 ms above 19200 baud as the Modbus serial spec says. */
  public static Duration silentInterval(SerialSettings serial) {
    if (serial.baud() > 19200) {
      return Duration.ofNanos(FAST_LINE_GAP_NANOS);
    }
    return Duration.ofNanos(3_500_000_000L * serial.bitsPerCharacter() / serial.baud());
  }

  /** Adds {@code count} bytes from {@code chunk} as they arrive; returns the frames they end. */
  public List<Frame> feed(byte[] chunk, int count) {
    List<Frame> out = new ArrayList<>();
    long now = nanoTime.getAsLong();
    endIfSilent(now, out);
    append(chunk, count);
    lastByteAt = now;
    scan(out);
    return out;
  }

  /** Called when a read returned nothing: a long enough silence ends a frame. */
  public List<Frame> idle() {
    List<Frame> out = new ArrayList<>();
    endIfSilent(nanoTime.getAsLong(), out);
    return out;
  }

  /** Good frames found so far. */
  public long frames() {
    return frames;
  }

  /** Frames that started where a frame should, had their full length, and a wrong CRC. */
  public long badCrc() {
    return badCrc;
  }

  /** Bytes that belonged to no good frame: garbage, bad frames, frames cut by a silence. */
  public long discardedBytes() {
    return discardedBytes;
  }

  private void endIfSilent(long now, List<Frame> out) {
    if (now - lastByteAt <= gapNanos) {
      return;
    }
    if (length > 0) {
      boolean endsHere = !hunting && length >= MIN_FRAME && expectedLength(0) == LENGTH_BY_GAP;
      if (!(endsHere && check(0, length, out))) {
        discardedBytes += length;
      }
      length = 0;
    }
    // whatever came before, the next byte after a silence starts a frame
    hunting = false;
  }

  private void scan(List<Frame> out) {
    int start = 0;
    while (length - start >= 2) {
      int expected = expectedLength(start);
      if (expected == LENGTH_BY_GAP && !hunting && length - start <= MAX_FRAME) {
        break;
      }
      if (expected == LENGTH_BY_GAP || expected == NOT_A_FRAME || expected > MAX_FRAME) {
        start = skip(start);
        continue;
      }
      if (expected == LENGTH_NOT_YET_KNOWN || length - start < expected) {
        break;
      }
      if (check(start, expected, out)) {
        start += expected;
      } else {
        start = skip(start);
      }
    }
    length -= start;
    System.arraycopy(buffer, start, buffer, 0, length);
  }

  /** Emits the frame at {@code start} when its CRC is right; counts it when it is not. */
  private boolean check(int start, int frameLength, List<Frame> out) {
    if (RtuFraming.dueCrc(buffer, start, frameLength)
        == RtuFraming.sentCrc(buffer, start, frameLength)) {
      out.add(
          new Frame(
              buffer[start] & 0xFF,
              Arrays.copyOfRange(buffer, start + 1, start + frameLength - 2)));
      frames++;
      hunting = false;
      return true;
    }
    if (!hunting) {
      badCrc++;
    }
    return false;
  }

  private int skip(int start) {
    hunting = true;
    discardedBytes++;
    return start + 1;
  }

  /**
   * The length of the frame starting at {@code start}, from its function code; {@link
   * #LENGTH_BY_GAP} for function codes whose length only the silent interval tells, {@link
   * #NOT_A_FRAME} for addresses no slave can have, {@link #LENGTH_NOT_YET_KNOWN} while the byte
   * count is missing.
   */
  private int expectedLength(int start) {
    int unit = buffer[start] & 0xFF;
    int function = buffer[start + 1] & 0xFF;
    if (unit > MAX_UNIT_ID) {
      return NOT_A_FRAME;
    }
    if (function >= 1 && function <= 6) {
      return 8;
    }
    if (function == 15 || function == 16) {
      return length - start > 6 ? 9 + (buffer[start + 6] & 0xFF) : LENGTH_NOT_YET_KNOWN;
    }
    return LENGTH_BY_GAP;
  }

  private void append(byte[] chunk, int count) {
    if (length + count > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + count));
    }
    System.arraycopy(chunk, 0, buffer, length, count);
    length += count;
  }
}
