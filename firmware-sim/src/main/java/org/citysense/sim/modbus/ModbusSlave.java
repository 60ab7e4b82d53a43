package org.citysense.sim.modbus;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.citysense.modbus.ExceptionCode;
import org.citysense.modbus.FunctionCode;
import org.citysense.modbus.Pdu;
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
          ? Answer.of(Pdu.exception(Pdu.function(pdu), ExceptionCode.GATEWAY_TARGET_FAILED))
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
            .map(f -> Pdu.exception(Pdu.function(pdu), f.code()))
            .orElseGet(() -> respond(device, images.get(unitId), s, pdu));
    return new Answer(response, delay, corrupt);
  }

  private byte[] respond(SimDevice device, RegisterImage image, Snapshot s, byte[] pdu) {
    int fc = Pdu.function(pdu);
    if (!FunctionCode.isKnown(fc)) {
      return Pdu.exception(fc, ExceptionCode.ILLEGAL_FUNCTION);
    }
    if (pdu.length < 5) {
      return Pdu.exception(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    int address = Pdu.u16(pdu, 1);
    int second = Pdu.u16(pdu, 3);
    return switch (fc) {
      case FunctionCode.READ_COILS -> readBits(image, ModbusTable.COIL, fc, address, second, s);
      case FunctionCode.READ_DISCRETE_INPUTS ->
          readBits(image, ModbusTable.DISCRETE_INPUT, fc, address, second, s);
      case FunctionCode.READ_HOLDING_REGISTERS ->
          readWords(image, ModbusTable.HOLDING_REGISTER, fc, address, second, s);
      case FunctionCode.READ_INPUT_REGISTERS ->
          readWords(image, ModbusTable.INPUT_REGISTER, fc, address, second, s);
      case FunctionCode.WRITE_SINGLE_COIL -> writeCoil(device, image, pdu, address, second);
      case FunctionCode.WRITE_SINGLE_REGISTER ->
          writeRegisters(device, image, pdu, address, new int[] {second});
      case FunctionCode.WRITE_MULTIPLE_COILS -> writeCoils(device, image, pdu, address, second);
      default -> writeMultipleRegisters(device, image, pdu, address, second);
    };
  }

  private static byte[] readBits(
      RegisterImage image, ModbusTable table, int fc, int address, int count, Snapshot s) {
    if (count < 1 || count > Pdu.MAX_READ_BITS) {
      return Pdu.exception(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    if (!image.covers(table, address, count)) {
      return Pdu.exception(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
    return Pdu.bitsAnswer(fc, image.bits(table, address, count, s));
  }

  private static byte[] readWords(
      RegisterImage image, ModbusTable table, int fc, int address, int count, Snapshot s) {
    if (count < 1 || count > Pdu.MAX_READ_REGISTERS) {
      return Pdu.exception(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    if (!image.covers(table, address, count)) {
      return Pdu.exception(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
    return Pdu.wordsAnswer(fc, image.words(table, address, count, s));
  }

  private static byte[] writeCoil(
      SimDevice device, RegisterImage image, byte[] pdu, int address, int value) {
    int fc = Pdu.function(pdu);
    if (value != Pdu.COIL_ON && value != 0x0000) {
      return Pdu.exception(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    var point = image.writable(ModbusTable.COIL, address, 1);
    if (point.isEmpty()) {
      return Pdu.exception(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
    device.written(point.get(), Value.of(value == Pdu.COIL_ON));
    return Pdu.writeAnswer(pdu);
  }

  private static byte[] writeCoils(
      SimDevice device, RegisterImage image, byte[] pdu, int address, int count) {
    int fc = Pdu.function(pdu);
    if (count < 1 || count > Pdu.MAX_WRITE_COILS || pdu.length < 6 + (count + 7) / 8) {
      return Pdu.exception(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    for (int i = 0; i < count; i++) {
      if (image.writable(ModbusTable.COIL, address + i, 1).isEmpty()) {
        return Pdu.exception(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS);
      }
    }
    boolean[] bits = Pdu.unpackBits(pdu, 6, count);
    for (int i = 0; i < count; i++) {
      device.written(
          image.writable(ModbusTable.COIL, address + i, 1).orElseThrow(), Value.of(bits[i]));
    }
    return Pdu.writeAnswer(pdu);
  }

  private static byte[] writeMultipleRegisters(
      SimDevice device, RegisterImage image, byte[] pdu, int address, int count) {
    if (count < 1 || count > Pdu.MAX_WRITE_REGISTERS || pdu.length < 6 + 2 * count) {
      return Pdu.exception(Pdu.function(pdu), ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    byte[] result = writeRegisters(device, image, pdu, address, Pdu.unpackWords(pdu, 6, count));
    return Pdu.isException(result, Pdu.function(pdu)) ? result : Pdu.writeAnswer(pdu);
  }

  /** Writes one whole writable point; the words are decoded by the one pipeline. */
  private static byte[] writeRegisters(
      SimDevice device, RegisterImage image, byte[] pdu, int address, int[] words) {
    int fc = Pdu.function(pdu);
    var point = image.writable(ModbusTable.HOLDING_REGISTER, address, words.length);
    if (point.isEmpty()) {
      return Pdu.exception(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }
    Point p = point.get();
    Reading r =
        Decoder.decode(device.id(), p, new RawValue.Registers(words), Instant.EPOCH).reading();
    if (r.quality() != Quality.GOOD) {
      return Pdu.exception(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
    }
    device.written(p, r.value());
    return Pdu.writeAnswer(pdu);
  }
}
