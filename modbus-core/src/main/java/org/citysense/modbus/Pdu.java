package org.citysense.modbus;

/**
 * The protocol data units of the functions in {@link FunctionCode}, function code first, as both
 * ends build and read them: the agent's masters build requests and read answers, the simulator
 * reads requests and builds answers. Big-endian 16-bit fields; bits packed eight to a byte, lowest
 * address in the lowest bit.
 */
public final class Pdu {
  public static final int MAX_READ_REGISTERS = 125;
  public static final int MAX_READ_BITS = 2000;
  public static final int MAX_WRITE_REGISTERS = 123;
  public static final int MAX_WRITE_COILS = 1968;

  /** A coil written on by function 5; 0 writes it off. */
  public static final int COIL_ON = 0xFF00;

  private Pdu() {}

  /** Function 1-4: {@code count} registers or bits from {@code address}. */
  public static byte[] readRequest(int function, int address, int count) {
    int max = FunctionCode.readsBits(function) ? MAX_READ_BITS : MAX_READ_REGISTERS;
    checkRange(address, count, max);
    return header(function, address, count, 5);
  }

  /** Function 5 or 6: one coil ({@link #COIL_ON} or 0) or one register at {@code address}. */
  public static byte[] writeSingle(int function, int address, int value) {
    checkRange(address, 1, 1);
    checkWord(value);
    return header(function, address, value, 5);
  }

  /** Function 15: coils from {@code address}. */
  public static byte[] writeCoils(int address, boolean[] bits) {
    checkRange(address, bits.length, MAX_WRITE_COILS);
    byte[] packed = pack(bits);
    byte[] pdu = header(FunctionCode.WRITE_MULTIPLE_COILS, address, bits.length, 6 + packed.length);
    pdu[5] = (byte) packed.length;
    System.arraycopy(packed, 0, pdu, 6, packed.length);
    return pdu;
  }

  /** Function 16: registers from {@code address}. */
  public static byte[] writeRegisters(int address, int[] words) {
    checkRange(address, words.length, MAX_WRITE_REGISTERS);
    byte[] pdu =
        header(FunctionCode.WRITE_MULTIPLE_REGISTERS, address, words.length, 6 + 2 * words.length);
    pdu[5] = (byte) (2 * words.length);
    for (int i = 0; i < words.length; i++) {
      checkWord(words[i]);
      putU16(pdu, 6 + 2 * i, words[i]);
    }
    return pdu;
  }

  /** The answer to function 1 or 2: a byte count, then the bits packed. */
  public static byte[] bitsAnswer(int function, boolean[] bits) {
    byte[] packed = pack(bits);
    byte[] out = new byte[2 + packed.length];
    out[0] = (byte) function;
    out[1] = (byte) packed.length;
    System.arraycopy(packed, 0, out, 2, packed.length);
    return out;
  }

  /** The answer to function 3 or 4: a byte count, then the registers. */
  public static byte[] wordsAnswer(int function, int[] words) {
    byte[] out = new byte[2 + 2 * words.length];
    out[0] = (byte) function;
    out[1] = (byte) (2 * words.length);
    for (int i = 0; i < words.length; i++) {
      putU16(out, 2 + 2 * i, words[i]);
    }
    return out;
  }

  /** The answer to a write: its first five bytes (function, address, value or quantity) again. */
  public static byte[] writeAnswer(byte[] request) {
    byte[] out = new byte[5];
    System.arraycopy(request, 0, out, 0, 5);
    return out;
  }

  /** An exception answer to {@code function}. */
  public static byte[] exception(int function, int code) {
    return new byte[] {(byte) (function | FunctionCode.EXCEPTION_BIT), (byte) code};
  }

  /** The function code of a PDU, 0-255. */
  public static int function(byte[] pdu) {
    return pdu[0] & 0xFF;
  }

  /** Whether {@code answer} is an exception answer to {@code function}. */
  public static boolean isException(byte[] answer, int function) {
    return answer.length > 0 && function(answer) == (function | FunctionCode.EXCEPTION_BIT);
  }

  /** The unsigned 16-bit big-endian field at {@code at}. */
  public static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
  }

  /** {@code count} bits packed from {@code from}. */
  public static boolean[] unpackBits(byte[] b, int from, int count) {
    boolean[] out = new boolean[count];
    for (int i = 0; i < count; i++) {
      out[i] = (b[from + i / 8] >> (i % 8) & 1) == 1;
    }
    return out;
  }

  /** {@code count} registers from {@code from}. */
  public static int[] unpackWords(byte[] b, int from, int count) {
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = u16(b, from + 2 * i);
    }
    return out;
  }

  private static byte[] pack(boolean[] bits) {
    byte[] packed = new byte[(bits.length + 7) / 8];
    for (int i = 0; i < bits.length; i++) {
      if (bits[i]) {
        packed[i / 8] |= (byte) (1 << (i % 8));
      }
    }
    return packed;
  }

  private static byte[] header(int function, int address, int second, int length) {
    byte[] pdu = new byte[length];
    pdu[0] = (byte) function;
    putU16(pdu, 1, address);
    putU16(pdu, 3, second);
    return pdu;
  }

  private static void putU16(byte[] b, int at, int value) {
    b[at] = (byte) (value >>> 8);
    b[at + 1] = (byte) value;
  }

  private static void checkRange(int address, int count, int max) {
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
