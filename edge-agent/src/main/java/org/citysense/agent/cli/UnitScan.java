package org.citysense.agent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.modbus.ModbusMaster;
import org.citysense.agent.modbus.ModbusRequest;
import org.citysense.agent.modbus.Reply;
import org.citysense.modbus.ExceptionCode;

/**
 * Asks each unit id for one register or bit and keeps those that answered anything: data, a Modbus
 * exception (a device that refuses the address is still there), or a garbled answer. Silence and a
 * gateway's "target failed to respond" or "path unavailable" mean nobody is there.
 */
final class UnitScan {
  /** One unit that answered, and what, e.g. "0x0042" or "exception 02 illegal data address". */
  record Found(int unitId, String answer) {}

  /**
   * What the scan found.
   *
   * @param lost the port or connection failed, so the scan stopped; else null
   */
  record Result(List<Found> found, Failure lost) {}

  private final ModbusMaster master;
  private final ModbusRequest request;

  UnitScan(ModbusMaster master, ModbusRequest request) {
    this.master = master;
    this.request = request;
  }

  /** Scans {@code ids} in order; {@code progress} hears the count done after each. */
  Result run(List<Integer> ids, IntConsumer progress) {
    List<Found> found = new ArrayList<>();
    int done = 0;
    for (int unitId : ids) {
      Reply reply = master.transact(unitId, request);
      if (!reply.isOk() && reply.failure().kind() == Failure.Kind.DISCONNECTED) {
        return new Result(found, reply.failure());
      }
      String answer = answer(reply);
      if (answer != null) {
        found.add(new Found(unitId, answer));
      }
      progress.accept(++done);
    }
    return new Result(found, null);
  }

  /** What a unit answered, or null when nobody did. */
  static String answer(Reply reply) {
    if (reply.isOk()) {
      if (reply.bits().length > 0) {
        return reply.bits()[0] ? "1" : "0";
      }
      return String.format("0x%04X", reply.words()[0]);
    }
    Failure f = reply.failure();
    return switch (f.kind()) {
      case EXCEPTION ->
          ExceptionCode.meansNoDevice(f.code())
              ? null
              : String.format("exception %02X %s", f.code(), ExceptionCode.meaning(f.code()));
      case CHECKSUM, MALFORMED -> "a garbled answer (" + f.message() + ")";
      default -> null;
    };
  }
}
