package org.citysense.sim.rtu;

import java.time.Duration;
import java.util.Optional;
import org.citysense.modbus.FunctionCode;
import org.citysense.modbus.Pdu;
import org.citysense.modbus.RtuFraming;
import org.citysense.sim.modbus.Answer;
import org.citysense.sim.modbus.ModbusSlave;

/**
 * Turns one RTU request into what goes back on the line: the application layer's answer framed with
 * the unit id and a CRC (a wrong one when a fault asks for it), or silence.
 */
final class RtuResponder {
  private static final int BROADCAST = 0;

  /** Bytes to write, after {@code delay}. */
  record Reply(byte[] frame, Duration delay) {}

  private final ModbusSlave slave;

  RtuResponder(ModbusSlave slave) {
    this.slave = slave;
  }

  Optional<Reply> respond(RtuFramer.Frame request) {
    if (request.unitId() == BROADCAST) {
      // every slave on the line executes a broadcast write; none answers it
      if (isWrite(request.pdu())) {
        slave.units().keySet().forEach(unit -> slave.handle(unit, request.pdu()));
      }
      return Optional.empty();
    }
    Answer answer = slave.handle(request.unitId(), request.pdu());
    if (answer.isSilent()) {
      return Optional.empty();
    }
    return Optional.of(
        new Reply(frame(request.unitId(), answer.pdu(), answer.corruptCrc()), answer.delay()));
  }

  /** Unit id, PDU, CRC low byte first; with {@code corruptCrc} every CRC bit is flipped. */
  static byte[] frame(int unitId, byte[] pdu, boolean corruptCrc) {
    byte[] frame = RtuFraming.frame(unitId, pdu);
    if (corruptCrc) {
      frame[pdu.length + 1] ^= (byte) 0xFF;
      frame[pdu.length + 2] ^= (byte) 0xFF;
    }
    return frame;
  }

  private static boolean isWrite(byte[] pdu) {
    int function = pdu.length > 0 ? Pdu.function(pdu) : 0;
    return FunctionCode.isKnown(function) && !FunctionCode.isRead(function);
  }
}
