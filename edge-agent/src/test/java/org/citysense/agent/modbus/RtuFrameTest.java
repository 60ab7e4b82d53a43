package org.citysense.agent.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.agent.modbus.ModbusRequestTest.bytes;

import java.time.Duration;
import java.util.HexFormat;
import org.citysense.agent.driver.Failure;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.model.ModbusTable;
import org.junit.jupiter.api.Test;

/** RTU framing: CRC low byte first, answer lengths from the header, the checks in their order. */
class RtuFrameTest {
  private final ModbusRequest readTen = ModbusRequest.read(ModbusTable.HOLDING_REGISTER, 0, 10);

  @Test
  void framesCarryUnitPduAndCrcLowByteFirst() {
    assertThat(HexFormat.ofDelimiter(" ").formatHex(RtuFrame.encode(1, readTen.pdu())))
        .isEqualTo("01 03 00 00 00 0a c5 cd");
    assertThat(HexFormat.ofDelimiter(" ").formatHex(RtuFrame.encode(1, bytes("05 00 00 ff 00"))))
        .isEqualTo("01 05 00 00 ff 00 8c 3a");
  }

  @Test
  void theHeaderTellsTheAnswerLength() {
    byte[] head = bytes("01 03 14");
    assertThat(RtuFrame.answerLength(readTen, head, 1)).isEqualTo(RtuFrame.NOT_YET_KNOWN);
    assertThat(RtuFrame.answerLength(readTen, head, 2)).isEqualTo(RtuFrame.NOT_YET_KNOWN);
    assertThat(RtuFrame.answerLength(readTen, head, 3)).isEqualTo(5 + 20);
    assertThat(RtuFrame.answerLength(readTen, bytes("01 83"), 2)).isEqualTo(5);
    assertThat(RtuFrame.answerLength(readTen, bytes("01 42"), 2)).isEqualTo(RtuFrame.UNEXPECTED);
    ModbusRequest write = ModbusRequest.writeCoil(0, true);
    assertThat(RtuFrame.answerLength(write, bytes("01 05"), 2)).isEqualTo(8);
  }

  @Test
  void aGoodAnswerDecodes() {
    ModbusRequest read = ModbusRequest.read(ModbusTable.INPUT_REGISTER, 0, 1);
    byte[] frame = bytes("02 04 02 00 7d 3d 11");
    Reply reply = RtuFrame.decode(2, read, frame, frame.length);
    assertThat(reply.words()).containsExactly(125);
  }

  @Test
  void anExceptionAnswerKeepsItsCode() {
    byte[] frame = bytes("01 83 02 c0 f1");
    Reply reply = RtuFrame.decode(1, readTen, frame, frame.length);
    assertThat(reply.failure().kind()).isEqualTo(Failure.Kind.EXCEPTION);
    assertThat(reply.failure().code()).isEqualTo(2);
  }

  @Test
  void aBadCrcIsAChecksumFailure() {
    byte[] frame = bytes("01 83 02 c0 f2");
    assertThat(RtuFrame.decode(1, readTen, frame, frame.length).failure().kind())
        .isEqualTo(Failure.Kind.CHECKSUM);
  }

  @Test
  void anAnswerFromAnotherUnitIsMalformed() {
    ModbusRequest read = ModbusRequest.read(ModbusTable.INPUT_REGISTER, 0, 1);
    byte[] frame = RtuFrame.encode(3, bytes("04 02 00 7d"));
    Reply reply = RtuFrame.decode(2, read, frame, frame.length);
    assertThat(reply.failure().kind()).isEqualTo(Failure.Kind.MALFORMED);
    assertThat(reply.failure().message()).contains("unit 3");
  }

  @Test
  void tooShortIsMalformed() {
    assertThat(RtuFrame.decode(1, readTen, bytes("01 03 00 00"), 4).failure().kind())
        .isEqualTo(Failure.Kind.MALFORMED);
  }

  @Test
  void theSilentIntervalIsThreeAndAHalfCharacters() {
    // 9600 8N1: 10 bits a character, 3.5 characters = 3.646 ms
    assertThat(RtuFrame.silentInterval(new SerialSettings(9600, 8, Parity.NONE, 1)))
        .isEqualTo(Duration.ofNanos(3_645_833));
    // 8E1 has 11 bits a character
    assertThat(RtuFrame.silentInterval(new SerialSettings(19200, 8, Parity.EVEN, 1)))
        .isEqualTo(Duration.ofNanos(2_005_208));
    assertThat(RtuFrame.silentInterval(new SerialSettings(115200, 8, Parity.NONE, 1)))
        .isEqualTo(Duration.ofNanos(1_750_000));
  }
}
