package org.citysense.agent.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.citysense.agent.driver.Failure;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Value;
import org.junit.jupiter.api.Test;

/** Request PDUs byte for byte, as the Modbus application protocol spec gives them, and answers. */
class ModbusRequestTest {
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  @Test
  void readRequestsCarryFunctionAddressAndCount() {
    assertThat(hex(ModbusRequest.read(ModbusTable.COIL, 19, 19))).isEqualTo("01 00 13 00 13");
    assertThat(hex(ModbusRequest.read(ModbusTable.DISCRETE_INPUT, 196, 22)))
        .isEqualTo("02 00 c4 00 16");
    assertThat(hex(ModbusRequest.read(ModbusTable.HOLDING_REGISTER, 107, 3)))
        .isEqualTo("03 00 6b 00 03");
    assertThat(hex(ModbusRequest.read(ModbusTable.INPUT_REGISTER, 8, 1)))
        .isEqualTo("04 00 08 00 01");
  }

  @Test
  void writeRequestsForEachFunction() {
    assertThat(hex(ModbusRequest.writeCoil(172, true))).isEqualTo("05 00 ac ff 00");
    assertThat(hex(ModbusRequest.writeCoil(172, false))).isEqualTo("05 00 ac 00 00");
    assertThat(hex(ModbusRequest.writeRegister(1, 3))).isEqualTo("06 00 01 00 03");
    // the spec's example: coils 20..29 = 1 0 1 1 0 0 1 1, 1 0 -> CD 01
    boolean[] coils = {true, false, true, true, false, false, true, true, true, false};
    assertThat(hex(ModbusRequest.writeCoils(19, coils))).isEqualTo("0f 00 13 00 0a 02 cd 01");
    assertThat(hex(ModbusRequest.writeRegisters(1, new int[] {0x000A, 0x0102})))
        .isEqualTo("10 00 01 00 02 04 00 0a 01 02");
  }

  @Test
  void aPointWriteUsesTheNarrowestFunction() {
    DeviceProfile gas = ProfileCatalog.bundled().find("gas-lel-modbus").orElseThrow();
    var valve = gas.point("valve").orElseThrow();
    assertThat(hex(ModbusRequest.write(valve, Value.of(false)))).isEqualTo("05 00 00 00 00");
    var reading = gas.point("gas").orElseThrow();
    assertThatThrownBy(() -> ModbusRequest.write(reading, Value.of(1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gas");
  }

  @Test
  void outOfRangeRequestsAreRefused() {
    assertThatThrownBy(() -> ModbusRequest.read(ModbusTable.HOLDING_REGISTER, 0, 126))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModbusRequest.read(ModbusTable.COIL, 65535, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModbusRequest.writeRegister(0, 65536))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void registerAnswersBecomeWords() {
    Reply reply =
        ModbusRequest.read(ModbusTable.HOLDING_REGISTER, 107, 3)
            .parse(bytes("03 06 02 2b 00 00 ff 9c"));
    assertThat(reply.isOk()).isTrue();
    assertThat(reply.words()).containsExactly(0x022B, 0, 0xFF9C);
  }

  @Test
  void bitAnswersBecomeBitsLowestAddressFirst() {
    Reply reply = ModbusRequest.read(ModbusTable.COIL, 19, 10).parse(bytes("01 02 cd 01"));
    assertThat(reply.bits())
        .containsExactly(true, false, true, true, false, false, true, true, true, false);
  }

  @Test
  void exceptionAnswersKeepTheirCode() {
    Reply reply = ModbusRequest.read(ModbusTable.INPUT_REGISTER, 8, 1).parse(bytes("84 02"));
    assertThat(reply.failure().kind()).isEqualTo(Failure.Kind.EXCEPTION);
    assertThat(reply.failure().code()).isEqualTo(2);
  }

  @Test
  void writeAnswersMustEchoTheRequest() {
    ModbusRequest write = ModbusRequest.writeRegister(1, 3);
    assertThat(write.parse(bytes("06 00 01 00 03")).isOk()).isTrue();
    assertThat(write.parse(bytes("06 00 01 00 04")).failure().kind())
        .isEqualTo(Failure.Kind.MALFORMED);
    ModbusRequest coils = ModbusRequest.writeCoils(19, new boolean[10]);
    assertThat(coils.parse(bytes("0f 00 13 00 0a")).isOk()).isTrue();
  }

  @Test
  void answersThatDoNotFitTheRequestAreMalformed() {
    ModbusRequest read = ModbusRequest.read(ModbusTable.HOLDING_REGISTER, 0, 2);
    // wrong byte count, short data, another function, an exception of the wrong length
    assertThat(read.parse(bytes("03 02 00 01")).failure().kind()).isEqualTo(Failure.Kind.MALFORMED);
    assertThat(read.parse(bytes("03 04 00 01")).failure().kind()).isEqualTo(Failure.Kind.MALFORMED);
    assertThat(read.parse(bytes("04 04 00 01 00 02")).failure().kind())
        .isEqualTo(Failure.Kind.MALFORMED);
    assertThat(read.parse(bytes("83 02 00")).failure().kind()).isEqualTo(Failure.Kind.MALFORMED);
    assertThat(read.parse(new byte[0]).failure().kind()).isEqualTo(Failure.Kind.MALFORMED);
  }

  private static String hex(ModbusRequest request) {
    return HEX.formatHex(request.pdu());
  }

  static byte[] bytes(String hex) {
    return HEX.parseHex(hex);
  }
}
