package org.citysense.sim.rtu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import org.citysense.profiles.decode.Crc16;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.scenario.FaultType;
import org.citysense.sim.testing.TestDevices;
import org.junit.jupiter.api.Test;

class RtuResponderTest {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final SimDevice pm = device("pm-1", "pm25-rs485", 1);
  private final SimDevice gas = device("gas-1", "gas-lel-modbus", 2);
  private final ModbusSlave slave = new ModbusSlave(false);
  private final RtuResponder responder = new RtuResponder(slave);

  RtuResponderTest() {
    slave.add(1, pm);
    slave.add(2, gas);
  }

  @Test
  void framesTheAnswerWithUnitIdAndCrc() {
    pm.set("pm2_5", Value.of(35));

    var reply = responder.respond(new RtuFramer.Frame(1, HEX.parseHex("0300040001"))).orElseThrow();

    assertThat(HEX.formatHex(reply.frame())).startsWith("01030200" + "23");
    assertThat(crcIsGood(reply.frame())).isTrue();
    assertThat(reply.delay()).isEqualTo(Duration.ZERO);
  }

  @Test
  void sendsAWrongCrcWhenTheFaultAsksForIt() {
    pm.inject(FaultType.CORRUPT_CRC, null, null, 0, Duration.ZERO);

    var reply = responder.respond(new RtuFramer.Frame(1, HEX.parseHex("0300040001"))).orElseThrow();

    assertThat(HEX.formatHex(reply.frame())).startsWith("0103020");
    assertThat(crcIsGood(reply.frame())).isFalse();
  }

  @Test
  void holdsBackASlowAnswer() {
    pm.inject(FaultType.SLOW, null, null, 0, Duration.ofSeconds(3));

    var reply = responder.respond(new RtuFramer.Frame(1, HEX.parseHex("0300040001"))).orElseThrow();

    assertThat(reply.delay()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void staysSilentForUnknownUnitsAndSilentDevices() {
    assertThat(responder.respond(new RtuFramer.Frame(9, HEX.parseHex("0300040001")))).isEmpty();

    pm.inject(FaultType.NO_RESPONSE, null, null, 0, Duration.ZERO);
    assertThat(responder.respond(new RtuFramer.Frame(1, HEX.parseHex("0300040001")))).isEmpty();
  }

  @Test
  void executesABroadcastWriteWithoutAnswering() {
    // write coil 0 on: only the gas detector has a writable coil there
    var reply = responder.respond(new RtuFramer.Frame(0, HEX.parseHex("050000FF00")));

    assertThat(reply).isEmpty();
    assertThat(gas.writes()).containsExactly("valve=true");
    assertThat(pm.writes()).isEmpty();
  }

  private static SimDevice device(String id, String profile, int unit) {
    return TestDevices.device(
        id, profile, new Transport.ModbusRtu("/dev/null", unit, SerialSettings.MODBUS_DEFAULT));
  }

  private static boolean crcIsGood(byte[] frame) {
    int crc = Crc16.modbus(frame, 0, frame.length - 2);
    return (frame[frame.length - 2] & 0xFF) == (crc & 0xFF)
        && (frame[frame.length - 1] & 0xFF) == crc >>> 8;
  }
}
