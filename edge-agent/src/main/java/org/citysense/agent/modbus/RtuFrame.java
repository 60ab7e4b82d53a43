package org.citysense.agent.modbus;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.citysense.agent.driver.Failure;
import org.citysense.modbus.FunctionCode;
import org.citysense.modbus.RtuFraming;
import org.citysense.profiles.device.SerialSettings;

/**
 * Modbus RTU framing, transport-free: unit id, PDU, CRC-16 low byte first; how long an answer frame
 * is, from its first bytes; and the checks an answer must pass.
 */
public final class RtuFrame {
  /** Unit id, function code, 252 data bytes at most in practice, CRC: 260 covers any byte count. */
  public static final int MAX_ANSWER = 5 + 255;

  /** {@link #answerLength} needs more bytes. */
  public static final int NOT_YET_KNOWN = 0;

  /** {@link #answerLength}: the bytes are no answer to the request; their length is unknown. */
  public static final int UNEXPECTED = -1;

  private static final int EXCEPTION_LENGTH = 5;
  private static final int WRITE_LENGTH = 8;
  private static final long FAST_LINE_GAP_NANOS = 1_750_000;

  private RtuFrame() {}

  /** The frame to send: {@code unitId}, {@code pdu}, CRC. */
  public static byte[] encode(int unitId, byte[] pdu) {
    return RtuFraming.frame(unitId, pdu);
  }

  /**
   * The length of the answer frame to {@code request} that begins with the {@code received} bytes
   * of {@code head}: 5 for an exception, 8 for a write, 5 plus the byte count for a read; {@link
   * #NOT_YET_KNOWN} while the bytes that tell are missing; {@link #UNEXPECTED} when the function
   * code is neither the request's nor its exception.
   */
  public static int answerLength(ModbusRequest request, byte[] head, int received) {
    if (received < 2) {
      return NOT_YET_KNOWN;
    }
    int function = head[1] & 0xFF;
    if (function == (request.function() | FunctionCode.EXCEPTION_BIT)) {
      return EXCEPTION_LENGTH;
    }
    if (function != request.function()) {
      return UNEXPECTED;
    }
    if (!request.isRead()) {
      return WRITE_LENGTH;
    }
    return received < 3 ? NOT_YET_KNOWN : 5 + (head[2] & 0xFF);
  }

  /**
   * Checks an answer frame, CRC first (a corrupted byte can be anywhere), then the unit id, then
   * what the PDU says for {@code request}.
   */
  public static Reply decode(int unitId, ModbusRequest request, byte[] frame, int length) {
    if (length < EXCEPTION_LENGTH) {
      return Reply.failed(Failure.Kind.MALFORMED, "answer of " + length + " bytes is too short");
    }
    int crc = RtuFraming.dueCrc(frame, 0, length);
    int sent = RtuFraming.sentCrc(frame, 0, length);
    if (crc != sent) {
      return Reply.failed(
          Failure.Kind.CHECKSUM,
          String.format("CRC %04x where %04x was due in %s", sent, crc, hex(frame, length)));
    }
    int from = frame[0] & 0xFF;
    if (from != unitId) {
      return Reply.failed(
          Failure.Kind.MALFORMED, "answer from unit " + from + " where " + unitId + " was asked");
    }
    return request.parse(Arrays.copyOfRange(frame, 1, length - 2));
  }

  /** 3.5 character times, fixed at 1.75 ms above 19200 baud as the Modbus serial line spec says. */
  public static Duration silentInterval(SerialSettings serial) {
    if (serial.baud() > 19200) {
      return Duration.ofNanos(FAST_LINE_GAP_NANOS);
    }
    return Duration.ofNanos(3_500_000_000L * serial.bitsPerCharacter() / serial.baud());
  }

  /** The first bytes of a frame in hex, for log lines and failure messages. */
  public static String hex(byte[] frame, int length) {
    int shown = Math.min(length, 16);
    return HexFormat.ofDelimiter(" ").formatHex(frame, 0, shown) + (length > shown ? " …" : "");
  }
}
