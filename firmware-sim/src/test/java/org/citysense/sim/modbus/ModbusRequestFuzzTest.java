package org.citysense.sim.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.citysense.modbus.Pdu;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.sim.rtu.RtuFramer;
import org.citysense.sim.testing.TestDevices;

/**
 * Requests from a Modbus master as the simulator receives them: a PDU after the MBAP header (TCP),
 * and the same bytes as an RS-485 line delivers them to the RTU framer, each frame it finds handed
 * to the slave. The slave answers or stays silent, never throws; an answer is a PDU of at most 253
 * bytes for the function asked. The first byte is the unit id, then the PDU or the line bytes.
 */
class ModbusRequestFuzzTest {
  private static final int MAX_PDU = 253;
  private static final ModbusSlave SLAVE = slave();

  private static ModbusSlave slave() {
    ModbusSlave slave = new ModbusSlave(true);
    Transport rtu = new Transport.ModbusRtu("/dev/null", 7, SerialSettings.MODBUS_DEFAULT);
    slave.add(7, TestDevices.device("gas-7", "gas-lel-modbus", rtu));
    slave.add(8, TestDevices.device("water-8", "water-meter-modbus", rtu));
    return slave;
  }

  @FuzzTest(maxDuration = "10s")
  void handle(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    check(rest, SLAVE.handle(input[0] & 0xFF, rest));

    // the line: chunks of up to 8 bytes, a silence after each chunk whose first byte is odd
    long[] now = {0};
    RtuFramer framer = new RtuFramer(SerialSettings.MODBUS_DEFAULT, () -> now[0]);
    for (int at = 0; at < input.length; at += 8) {
      byte[] chunk = Arrays.copyOfRange(input, at, Math.min(input.length, at + 8));
      for (RtuFramer.Frame f : framer.feed(chunk, chunk.length)) {
        check(f.pdu(), SLAVE.handle(f.unitId(), f.pdu()));
      }
      now[0] += (chunk[0] & 1) == 1 ? 1_000_000_000L : 1_000L;
      for (RtuFramer.Frame f : framer.idle()) {
        check(f.pdu(), SLAVE.handle(f.unitId(), f.pdu()));
      }
    }
  }

  private static void check(byte[] request, Answer answer) {
    if (answer.isSilent()) {
      return;
    }
    assertThat(answer.pdu()).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_PDU);
    int function = Pdu.function(request);
    assertThat(Pdu.function(answer.pdu()) & 0x7F).isEqualTo(function & 0x7F);
  }
}
