package org.citysense.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** MBAP and RTU frames around one PDU, with a CRC known from the serial line spec's example. */
class FramingTest {
  private final byte[] readOne = Pdu.readRequest(FunctionCode.READ_HOLDING_REGISTERS, 0, 1);

  @Test
  void mbapCarriesTransactionLengthAndUnit() {
    assertThat(Mbap.frame(0x1234, 17, readOne))
        .isEqualTo(HexFormat.of().parseHex("12340000000611" + "0300000001"));
  }

  @Test
  void rtuAppendsTheCrcLowByteFirst() {
    byte[] frame = RtuFraming.frame(1, readOne);
    assertThat(frame).isEqualTo(HexFormat.of().parseHex("010300000001840A"));
    assertThat(RtuFraming.sentCrc(frame, 0, frame.length))
        .isEqualTo(RtuFraming.dueCrc(frame, 0, frame.length));
    frame[3] ^= 1;
    assertThat(RtuFraming.sentCrc(frame, 0, frame.length))
        .isNotEqualTo(RtuFraming.dueCrc(frame, 0, frame.length));
  }
}
