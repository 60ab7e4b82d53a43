package org.citysense.agent.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.citysense.profiles.model.ModbusTable;

/**
 * Bytes on an RS-485 line after the agent sent a request, as its RTU master reads them: the answer
 * length from the first bytes, then the frame checks and the PDU. The outcome is always a {@link
 * Reply}, ok or failed with a kind; never an exception. The first byte picks the request.
 */
class RtuReplyFuzzTest {
  private static final int UNIT = 7;
  private static final ModbusRequest[] REQUESTS = {
    ModbusRequest.read(ModbusTable.HOLDING_REGISTER, 0, 2),
    ModbusRequest.read(ModbusTable.INPUT_REGISTER, 100, 1),
    ModbusRequest.read(ModbusTable.COIL, 0, 10),
    ModbusRequest.read(ModbusTable.DISCRETE_INPUT, 3, 1),
    ModbusRequest.writeCoil(4, true),
    ModbusRequest.writeRegister(10, 0x1234),
    ModbusRequest.writeRegisters(10, new int[] {1, 2}),
    ModbusRequest.writeCoils(0, new boolean[] {true, false, true}),
  };

  @FuzzTest(maxDuration = "10s")
  void decode(byte[] input) {
    if (input.length == 0) {
      return;
    }
    ModbusRequest request = REQUESTS[(input[0] & 0xFF) % REQUESTS.length];
    byte[] line = Arrays.copyOfRange(input, 1, input.length);
    // as the master reads: byte by byte until the length is known, then the rest of the frame
    int length = RtuFrame.NOT_YET_KNOWN;
    int received = 0;
    while (received < line.length && length == RtuFrame.NOT_YET_KNOWN) {
      received++;
      length = RtuFrame.answerLength(request, line, received);
    }
    if (length == RtuFrame.NOT_YET_KNOWN || length == RtuFrame.UNEXPECTED) {
      return;
    }
    assertThat(length).isBetween(5, RtuFrame.MAX_ANSWER);
    byte[] frame = Arrays.copyOf(line, RtuFrame.MAX_ANSWER);
    Reply reply = RtuFrame.decode(UNIT, request, frame, Math.min(length, line.length));
    assertThat(reply.isOk() || reply.failure() != null).isTrue();
    // a PDU as a Modbus TCP master hands it over, without RTU framing
    Reply pdu = request.parse(line);
    assertThat(pdu.isOk() || pdu.failure() != null).isTrue();
  }
}
