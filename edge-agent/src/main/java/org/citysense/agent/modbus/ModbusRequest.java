package org.citysense.agent.modbus;

import java.util.Arrays;
import org.citysense.agent.driver.Failure;
import org.citysense.modbus.FunctionCode;
import org.citysense.modbus.Pdu;
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;

/**
 * One Modbus request PDU (function code first) and what its answer must look like, in the agent's
 * terms (blocks, points, replies); the bytes are modbus-core's {@link Pdu}. Transport-free: the
 * masters frame it.
 */
public final class ModbusRequest {
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
    int function = table.readFunction();
    return new ModbusRequest(function, address, count, Pdu.readRequest(function, address, count));
  }

  public static ModbusRequest read(Block block) {
    return read(block.table(), block.start(), block.count());
  }

  /** Function 5. */
  public static ModbusRequest writeCoil(int address, boolean on) {
    int f = FunctionCode.WRITE_SINGLE_COIL;
    return new ModbusRequest(f, address, 1, Pdu.writeSingle(f, address, on ? Pdu.COIL_ON : 0));
  }

  /** Function 6. */
  public static ModbusRequest writeRegister(int address, int word) {
    int f = FunctionCode.WRITE_SINGLE_REGISTER;
    return new ModbusRequest(f, address, 1, Pdu.writeSingle(f, address, word));
  }

  /** Function 15: coils from {@code address}. */
  public static ModbusRequest writeCoils(int address, boolean[] bits) {
    return new ModbusRequest(
        FunctionCode.WRITE_MULTIPLE_COILS, address, bits.length, Pdu.writeCoils(address, bits));
  }

  /** Function 16. */
  public static ModbusRequest writeRegisters(int address, int[] words) {
    return new ModbusRequest(
        FunctionCode.WRITE_MULTIPLE_REGISTERS,
        address,
        words.length,
        Pdu.writeRegisters(address, words));
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
    return FunctionCode.isRead(function);
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
    if (Pdu.isException(answer, function)) {
      return answer.length == 2
          ? Reply.exception(answer[1] & 0xFF, "exception " + (answer[1] & 0xFF))
          : malformed("an exception answer of " + answer.length + " bytes");
    }
    if (Pdu.function(answer) != function) {
      return malformed("an answer to function " + Pdu.function(answer));
    }
    return isRead() ? parseRead(answer) : parseWrite(answer);
  }

  private Reply parseRead(byte[] answer) {
    boolean bits = FunctionCode.readsBits(function);
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
    return bits
        ? Reply.ofBits(Pdu.unpackBits(answer, 2, count))
        : Reply.ofWords(Pdu.unpackWords(answer, 2, count));
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
}
