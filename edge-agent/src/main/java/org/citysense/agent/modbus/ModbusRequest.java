package org.citysense.agent.modbus;

import java.util.Arrays;
import org.citysense.agent.driver.Failure;
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;

/**
 * One Modbus request PDU (function code first) and what its answer must look like. Transport-free:
 * the RTU driver frames it with a unit id and a CRC.
 */
public final class ModbusRequest {
  public static final int WRITE_SINGLE_COIL = 5;
  public static final int WRITE_SINGLE_REGISTER = 6;
  public static final int WRITE_MULTIPLE_COILS = 15;
  public static final int WRITE_MULTIPLE_REGISTERS = 16;

  private static final int MAX_READ_REGISTERS = 125;
  private static final int MAX_READ_BITS = 2000;
  private static final int MAX_WRITE_REGISTERS = 123;
  private static final int MAX_WRITE_COILS = 1968;
  private static final int COIL_ON = 0xFF00;

  private final int function;
  private final int address;
  private final int count;
  private final byte[] pdu;

  private ModbusRequest(int function, int address, int count, byte[] pdu) {
    this.function = function;
    this.address = address;
    this.count = count;
    this.pdu = pdu;
  }

  /** Reads {@code count} registers or bits of {@code table}: function 1, 2, 3 or 4. */
  public static ModbusRequest read(ModbusTable table, int address, int count) {
    int max = table.isBitTable() ? MAX_READ_BITS : MAX_READ_REGISTERS;
    check(address, count, max);
    byte[] pdu = header(table.readFunction(), address, count, 5);
    return new ModbusRequest(table.readFunction(), address, count, pdu);
  }

  public static ModbusRequest read(Block block) {
    return read(block.table(), block.start(), block.count());
  }

  /** Function 5. */
  public static ModbusRequest writeCoil(int address, boolean on) {
    check(address, 1, 1);
    byte[] pdu = header(WRITE_SINGLE_COIL, address, on ? COIL_ON : 0, 5);
    return new ModbusRequest(WRITE_SINGLE_COIL, address, 1, pdu);
  }

  /** Function 6. */
  public static ModbusRequest writeRegister(int address, int word) {
    check(address, 1, 1);
    checkWord(word);
    return new ModbusRequest(
        WRITE_SINGLE_REGISTER, address, 1, header(WRITE_SINGLE_REGISTER, address, word, 5));
  }

  /** Function 15: coils from {@code address}, packed eight to a byte, lowest address first. */
  public static ModbusRequest writeCoils(int address, boolean[] bits) {
    check(address, bits.length, MAX_WRITE_COILS);
    int bytes = (bits.length + 7) / 8;
    byte[] pdu = header(WRITE_MULTIPLE_COILS, address, bits.length, 6 + bytes);
    pdu[5] = (byte) bytes;
    for (int i = 0; i < bits.length; i++) {
      if (bits[i]) {
        pdu[6 + i / 8] |= (byte) (1 << (i % 8));
      }
    }
    return new ModbusRequest(WRITE_MULTIPLE_COILS, address, bits.length, pdu);
  }

  /** Function 16. */
  public static ModbusRequest writeRegisters(int address, int[] words) {
    check(address, words.length, MAX_WRITE_REGISTERS);
    byte[] pdu = header(WRITE_MULTIPLE_REGISTERS, address, words.length, 6 + 2 * words.length);
    pdu[5] = (byte) (2 * words.length);
    for (int i = 0; i < words.length; i++) {
      checkWord(words[i]);
      pdu[6 + 2 * i] = (byte) (words[i] >>> 8);
      pdu[7 + 2 * i] = (byte) words[i];
    }
    return new ModbusRequest(WRITE_MULTIPLE_REGISTERS, address, words.length, pdu);
  }

  /**
   * The request that writes {@code value} to a writable point: function 5 for a coil, 6 for a
   * one-register point, 16 for a wider one.
   *
   * @throws IllegalArgumentException when the point is not writable or the value does not fit
   */
  public static ModbusRequest write(Point point, Value value) {
    Source.Modbus m = writableSource(point);
    if (m.table() == ModbusTable.COIL) {
      return writeCoil(m.address(), Encoder.bit(point, value));
    }
    int[] words = Encoder.registers(point, value);
    return words.length == 1
        ? writeRegister(m.address(), words[0])
        : writeRegisters(m.address(), words);
  }

  /** The Modbus source of a point the agent may write: a writable coil or holding register. */
  public static Source.Modbus writableSource(Point point) {
    if (point.writable() && point.source() instanceof Source.Modbus m && m.table().isWritable()) {
      return m;
    }
    throw new IllegalArgumentException("point " + point.name() + " is not a writable Modbus point");
  }

  public int function() {
    return function;
  }

  public boolean isRead() {
    return function <= 4;
  }

  public byte[] pdu() {
    return pdu.clone();
  }

  /**
   * What an answer PDU (function code first) says: the registers or bits read, a confirmed write,
   * the exception code, or why it makes no sense for this request.
   */
  public Reply parse(byte[] answer) {
    if (answer.length == 0) {
      return Reply.failed(Failure.Kind.MALFORMED, "empty answer");
    }
    int fc = answer[0] & 0xFF;
    if (fc == (function | 0x80)) {
      return answer.length == 2
          ? Reply.exception(answer[1] & 0xFF, "exception " + (answer[1] & 0xFF))
          : malformed("an exception answer of " + answer.length + " bytes");
    }
    if (fc != function) {
      return malformed("an answer to function " + fc);
    }
    return isRead() ? parseRead(answer) : parseWrite(answer);
  }

  private Reply parseRead(byte[] answer) {
    boolean bits = function <= 2;
    int expected = bits ? (count + 7) / 8 : 2 * count;
    if (answer.length < 2 || (answer[1] & 0xFF) != expected || answer.length != 2 + expected) {
      return malformed(
          "an answer of "
              + answer.length
              + " bytes counting "
              + (answer.length < 2 ? "nothing" : (answer[1] & 0xFF) + " data bytes")
              + " where "
              + expected
              + " data bytes were due");
    }
    if (bits) {
      boolean[] out = new boolean[count];
      for (int i = 0; i < count; i++) {
        out[i] = (answer[2 + i / 8] >> (i % 8) & 1) == 1;
      }
      return Reply.ofBits(out);
    }
    int[] words = new int[count];
    for (int i = 0; i < count; i++) {
      words[i] = (answer[2 + 2 * i] & 0xFF) << 8 | answer[3 + 2 * i] & 0xFF;
    }
    return Reply.ofWords(words);
  }

  /** A write's answer echoes the address and the value (5, 6) or the quantity (15, 16). */
  private Reply parseWrite(byte[] answer) {
    if (answer.length != 5 || !Arrays.equals(answer, 1, 5, pdu, 1, 5)) {
      return malformed("a write answer that does not echo the request");
    }
    return Reply.done();
  }

  @Override
  public String toString() {
    return "function " + function + " address " + address + " count " + count;
  }

  private Reply malformed(String what) {
    return Reply.failed(Failure.Kind.MALFORMED, "got " + what + " to " + this);
  }

  private static byte[] header(int function, int address, int second, int length) {
    byte[] pdu = new byte[length];
    pdu[0] = (byte) function;
    pdu[1] = (byte) (address >>> 8);
    pdu[2] = (byte) address;
    pdu[3] = (byte) (second >>> 8);
    pdu[4] = (byte) second;
    return pdu;
  }

  private static void check(int address, int count, int max) {
    if (address < 0 || address > 0xFFFF || count < 1 || count > max || address + count > 0x10000) {
      throw new IllegalArgumentException(
          "cannot address " + count + " from " + address + " (at most " + max + ", below 65536)");
    }
  }

  private static void checkWord(int word) {
    if (word < 0 || word > 0xFFFF) {
      throw new IllegalArgumentException("register value " + word + " is not 0..65535");
    }
  }
}
