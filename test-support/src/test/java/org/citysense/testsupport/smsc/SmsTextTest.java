package org.citysense.testsupport.smsc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SmsTextTest {
  @Test
  void gsmSeptetsOfTheBasicAndExtensionTables() {
    byte[] septets = SmsText.encodeGsm("@a1 €[");
    assertThat(septets).containsExactly(0x00, 0x61, 0x31, 0x20, 0x1B, 0x65, 0x1B, 0x3C);
    assertThat(SmsText.decode(septets, SmsText.GSM, false)).isEqualTo("@a1 €[");
  }

  @Test
  void chineseIsNotGsmAndDecodesAsUcs2AfterTheHeader() {
    assertThat(SmsText.fitsGsm("燃气")).isFalse();
    assertThat(SmsText.fitsGsm("STOP")).isTrue();
    byte[] text = "燃气泄漏".getBytes(StandardCharsets.UTF_16BE);
    byte[] withUdh = new byte[6 + text.length];
    withUdh[0] = 5;
    System.arraycopy(text, 0, withUdh, 6, text.length);
    assertThat(SmsText.decode(withUdh, SmsText.UCS2, true)).isEqualTo("燃气泄漏");
  }
}
