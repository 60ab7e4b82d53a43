package org.citysense.sim.rtu;

import java.time.Duration;
import java.util.Optional;
import org.citysense.profiles.decode.Crc16;
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
    byte[] frame = new byte[pdu.length + 3];
    frame[0] = (byte) unitId;
    System.arraycopy(pdu, 0, frame, 1, pdu.length);
    int crc = Crc16.modbus(frame, 0, pdu.length + 1);
    if (corruptCrc) {
      crc ^= 0xFFFF;
    }
    frame[pdu.length + 1] = (byte) crc;
    frame[pdu.length + 2] = (byte) (crc >>> 8);
    return frame;
  }

  private static boolean isWrite(byte[] pdu) {
    int function = pdu.length > 0 ? pdu[0] & 0xFF : 0;
    return function == 5 || function == 6 || function == 15 || function == 16;
  }
}
