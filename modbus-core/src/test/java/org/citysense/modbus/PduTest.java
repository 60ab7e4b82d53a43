package org.citysense.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The bytes of each PDU as the Modbus application protocol spec's examples give them. */
class PduTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void requestsAreTheSpecsBytes() {
    // spec 6.3: read holding registers 108-110
    assertThat(Pdu.readRequest(FunctionCode.READ_HOLDING_REGISTERS, 0x6B, 3))
        .isEqualTo(hex("03 00 6B 00 03"));
    // spec 6.5: write coil 173 on
    assertThat(Pdu.writeSingle(FunctionCode.WRITE_SINGLE_COIL, 0xAC, Pdu.COIL_ON))
        .isEqualTo(hex("05 00 AC FF 00"));
    // spec 6.11: coils 20-29 = CD 01
    boolean[] bits = {true, false, true, true, false, false, true, true, true, false};
    assertThat(Pdu.writeCoils(0x13, bits)).isEqualTo(hex("0F 00 13 00 0A 02 CD 01"));
    // spec 6.12: registers 2-3 = 000A 0102
    assertThat(Pdu.writeRegisters(1, new int[] {0x000A, 0x0102}))
        .isEqualTo(hex("10 00 01 00 02 04 00 0A 01 02"));
  }

  @Test
  void answersAreTheSpecsBytesAndReadBack() {
    byte[] words =
        Pdu.wordsAnswer(FunctionCode.READ_HOLDING_REGISTERS, new int[] {0x022B, 0, 0x64});
    assertThat(words).isEqualTo(hex("03 06 02 2B 00 00 00 64"));
    assertThat(Pdu.unpackWords(words, 2, 3)).containsExactly(0x022B, 0, 0x64);

    boolean[] bits = {true, false, true, true, false, false, true, true, true, true, false};
    byte[] packed = Pdu.bitsAnswer(FunctionCode.READ_COILS, bits);
    assertThat(packed).isEqualTo(hex("01 02 CD 03"));
    assertThat(Pdu.unpackBits(packed, 2, bits.length)).containsExactly(bits);

    byte[] request = Pdu.writeRegisters(1, new int[] {0x000A, 0x0102});
    assertThat(Pdu.writeAnswer(request)).isEqualTo(hex("10 00 01 00 02"));
  }

  @Test
  void exceptionsCarryTheirFunctionAndCode() {
    byte[] answer =
        Pdu.exception(FunctionCode.READ_INPUT_REGISTERS, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    assertThat(answer).isEqualTo(hex("84 02"));
    assertThat(Pdu.isException(answer, FunctionCode.READ_INPUT_REGISTERS)).isTrue();
    assertThat(Pdu.isException(answer, FunctionCode.READ_HOLDING_REGISTERS)).isFalse();
    assertThat(ExceptionCode.meaning(2)).isEqualTo("illegal data address");
    assertThat(ExceptionCode.meansNoDevice(ExceptionCode.GATEWAY_TARGET_FAILED)).isTrue();
    assertThat(ExceptionCode.meansNoDevice(ExceptionCode.SERVER_DEVICE_BUSY)).isFalse();
  }

  @Test
  void requestsBeyondTheLimitsAreRefused() {
    assertThatThrownBy(() -> Pdu.readRequest(FunctionCode.READ_HOLDING_REGISTERS, 0, 126))
        .hasMessageContaining("at most 125");
    assertThatThrownBy(() -> Pdu.readRequest(FunctionCode.READ_COILS, 65535, 2))
        .hasMessageContaining("below 65536");
    assertThatThrownBy(() -> Pdu.writeSingle(FunctionCode.WRITE_SINGLE_REGISTER, 0, 70000))
        .hasMessageContaining("not 0..65535");
    assertThat(Pdu.readRequest(FunctionCode.READ_COILS, 0, 2000)).hasSize(5);
  }
}
