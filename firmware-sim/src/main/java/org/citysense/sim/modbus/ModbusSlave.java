package org.citysense.sim.modbus;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.device.Snapshot;
import org.citysense.sim.scenario.Fault;
import org.citysense.sim.scenario.FaultType;

/**
 * The Modbus application layer of the simulator, shared by the TCP server and the RTU slave: one
 * request PDU for a unit id in, one {@link Answer} out. Several devices (unit ids) share a bus or a
 * TCP port, as behind a real RS-485 line or a serial server.
 */
public final class ModbusSlave {
  private static final int MAX_REGISTERS = 125;
  private static final int MAX_WRITE_REGISTERS = 123;
  private static final int MAX_BITS = 2000;

  private final Map<Integer, SimDevice> units = new ConcurrentHashMap<>();
  private final Map<Integer, RegisterImage> images = new ConcurrentHashMap<>();
  private final boolean gateway;
  private final AtomicLong requests = new AtomicLong();

  /**
   * @param gateway answer requests for unknown unit ids with exception 0x0B, as a TCP gateway does;
   *     on a serial bus nobody answers them
   */
  public ModbusSlave(boolean gateway) {
    this.gateway = gateway;
  }

  public void add(int unitId, SimDevice device) {
    if (units.putIfAbsent(unitId, device) != null) {
      throw new IllegalArgumentException(
          "unit id " + unitId + " is already " + units.get(unitId).id() + " on this bus");
    }
    images.put(unitId, new RegisterImage(device.profile()));
  }

  public Map<Integer, SimDevice> units() {
    return Map.copyOf(units);
  }

  /** Requests handled since start, answered or not. */
  public long requests() {
    return requests.get();
  }

  public Answer handle(int unitId, byte[] pdu) {
    requests.incrementAndGet();
    SimDevice device = units.get(unitId);
    if (device == null) {
      return unitId != 0 && gateway && pdu.length > 0
          ? Answer.of(exception(pdu[0], ExceptionCode.GATEWAY_TARGET_FAILED))
          : Answer.SILENT;
    }
    Snapshot s = device.snapshot();
    if (s.has(FaultType.NO_RESPONSE) || pdu.length == 0) {
      return Answer.SILENT;
    }
    Duration delay = s.fault(FaultType.SLOW).map(Fault::delay).orElse(Duration.ZERO);
    boolean corrupt = s.has(FaultType.CORRUPT_CRC);
    byte[] response =
        s.fault(FaultType.EXCEPTION)
            .map(f -> exception(pdu[0], f.code()))
            .orElseGet(() -> respond(device, images.get(unitId), s, pdu));
    return new Answer(response, delay, corrupt);
  }

  private byte[] respond(SimDevice device, RegisterImage image, Snapshot s, byte[] pdu) {
    int fc = pdu[0] & 0xFF;
    if (fc != 1 && fc != 2 && fc != 3 && fc != 4 && fc != 5 && fc != 6 && fc != 15 && fc != 16) {
      return exception(pdu[0], ExceptionCode.ILLEGAL_FUNCTION);
    }
    if (pdu.length < 5) {
      return exception(pdu[0], ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    int address = u16(pdu, 1);
    int second = u16(pdu, 3);
    return switch (fc) {
      case 1 -> readBits(image, ModbusTable.COIL, pdu[0], address, second, s);
      case 2 -> readBits(image, ModbusTable.DISCRETE_INPUT, pdu[0], address, second, s);
      case 3 -> readWords(image, ModbusTable.HOLDING_REGISTER, pdu[0], address, second, s);
      case 4 -> readWords(image, ModbusTable.INPUT_REGISTER, pdu[0], address, second, s);
      case 5 -> writeCoil(device, image, pdu, address, second);
      case 6 -> writeRegisters(device, image, pdu, address, new int[] {second});
      case 15 -> writeCoils(device, image, pdu, address, second);
      default -> writeMultipleRegisters(device, image, pdu, address, second);
    };
  }

  private static byte[] readBits(
      RegisterImage image, ModbusTable table, byte fc, int address, int count, Snapshot s) {
    if (count < 1 || count > MAX_BITS) {
      return exception(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    if (!image.covers(table, address, count)) {
      return exception(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
    boolean[] bits = image.bits(table, address, count, s);
    byte[] out = new byte[2 + (count + 7) / 8];
    out[0] = fc;
    out[1] = (byte) ((count + 7) / 8);
    for (int i = 0; i < count; i++) {
      if (bits[i]) {
        out[2 + i / 8] |= (byte) (1 << (i % 8));
      }
    }
    return out;
  }

  private static byte[] readWords(
      RegisterImage image, ModbusTable table, byte fc, int address, int count, Snapshot s) {
    if (count < 1 || count > MAX_REGISTERS) {
      return exception(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    if (!image.covers(table, address, count)) {
      return exception(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
    int[] words = image.words(table, address, count, s);
    byte[] out = new byte[2 + 2 * count];
    out[0] = fc;
    out[1] = (byte) (2 * count);
    for (int i = 0; i < count; i++) {
      out[2 + 2 * i] = (byte) (words[i] >>> 8);
      out[3 + 2 * i] = (byte) words[i];
    }
    return out;
  }

  private static byte[] writeCoil(
      SimDevice device, RegisterImage image, byte[] pdu, int address, int value) {
    if (value != 0xFF00 && value != 0x0000) {
      return exception(pdu[0], ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    var point = image.writable(ModbusTable.COIL, address, 1);
    if (point.isEmpty()) {
      return exception(pdu[0], ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
    device.written(point.get(), Value.of(value == 0xFF00));
    return java.util.Arrays.copyOf(pdu, 5);
  }

  private static byte[] writeCoils(
      SimDevice device, RegisterImage image, byte[] pdu, int address, int count) {
    if (count < 1 || count > MAX_BITS || pdu.length < 6 + (count + 7) / 8) {
      return exception(pdu[0], ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    for (int i = 0; i < count; i++) {
      if (image.writable(ModbusTable.COIL, address + i, 1).isEmpty()) {
        return exception(pdu[0], ExceptionCode.ILLEGAL_DATA_ADDRESS);
      }
    }
    for (int i = 0; i < count; i++) {
      boolean on = (pdu[6 + i / 8] >> (i % 8) & 1) == 1;
      device.written(image.writable(ModbusTable.COIL, address + i, 1).orElseThrow(), Value.of(on));
    }
    return java.util.Arrays.copyOf(pdu, 5);
  }

  private static byte[] writeMultipleRegisters(
      SimDevice device, RegisterImage image, byte[] pdu, int address, int count) {
    if (count < 1 || count > MAX_WRITE_REGISTERS || pdu.length < 6 + 2 * count) {
      return exception(pdu[0], ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    int[] words = new int[count];
    for (int i = 0; i < count; i++) {
      words[i] = u16(pdu, 6 + 2 * i);
    }
    byte[] result = writeRegisters(device, image, pdu, address, words);
    return result[0] == pdu[0] ? java.util.Arrays.copyOf(pdu, 5) : result;
  }

  /** Writes one whole writable point; the words are decoded by the one pipeline. */
  private static byte[] writeRegisters(
      SimDevice device, RegisterImage image, byte[] pdu, int address, int[] words) {
    var point = image.writable(ModbusTable.HOLDING_REGISTER, address, words.length);
    if (point.isEmpty()) {
      return exception(pdu[0], ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
    Point p = point.get();
    Reading r =
        Decoder.decode(device.id(), p, new RawValue.Registers(words), Instant.EPOCH).reading();
    if (r.quality() != Quality.GOOD) {
      return exception(pdu[0], ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    device.written(p, r.value());
    return java.util.Arrays.copyOf(pdu, 5);
  }

  static byte[] exception(byte fc, int code) {
    return new byte[] {(byte) (fc | 0x80), (byte) code};
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }
}
