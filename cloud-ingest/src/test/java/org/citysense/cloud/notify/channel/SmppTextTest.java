package org.citysense.cloud.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text side of SMPP: GSM 7-bit, segmenting, receipts, phone numbers. */
class SmppTextTest {
  @Test
  void gsmRoundTripsAndCountsExtensionCharactersTwice() {
    String text = "@£$ ÄÖÑÜ äöñü {€} [~] ^|\\";
    assertThat(Gsm7.decode(Gsm7.encode(text), 0, Gsm7.encode(text).length)).isEqualTo(text);
    assertThat(Gsm7.septets("€")).isEqualTo(2);
    assertThat(Gsm7.fits("3栋")).isFalse();
    assertThat(Gsm7.fits("…")).isFalse();
  }

  @Test
  void gsmSegmentsHold153SeptetsAndNeverCutAnEscapePair() {
    String text = "a".repeat(152) + "€" + "b".repeat(10);

    List<String> parts = SmsEncoding.splitGsm(text);

    assertThat(parts).hasSize(2);
    assertThat(parts.get(0)).isEqualTo("a".repeat(152));
    assertThat(parts.get(1)).startsWith("€");
    assertThat(SmsEncoding.encode("x".repeat(160), 1).segments()).hasSize(1);
    assertThat(SmsEncoding.encode("x".repeat(161), 1).segments()).hasSize(2);
  }

  @Test
  void ucs2SegmentsHold67CharactersAndNeverCutASurrogatePair() {
    String text = "中".repeat(66) + "😀" + "文".repeat(10);

    List<String> parts = SmsEncoding.splitUcs2(text);

    assertThat(parts.get(0)).isEqualTo("中".repeat(66));
    assertThat(String.join("", parts)).isEqualTo(text);
    assertThat(SmsEncoding.encode("中".repeat(70), 1).segments()).hasSize(1);
    assertThat(SmsEncoding.encode("中".repeat(71), 1).segments()).hasSize(2);
  }

  @Test
  void receiptTextsAreRead() {
    assertThat(
            SmppReceipt.parse(
                "id:0123456789 sub:001 dlvrd:001 submit date:2611220500 done date:2611220501"
                    + " stat:DELIVRD err:000 text:hello"))
        .contains(new SmppReceipt("0123456789", "DELIVRD"));
    assertThat(SmppReceipt.parse("1")).isEmpty();
    assertThat(SmppReceipt.parse("Id:ab stat:undeliv")).contains(new SmppReceipt("ab", "UNDELIV"));
  }

  @Test
  void senderNumbersBecomeE164() {
    assertThat(PhoneNumbers.toE164("8613800138000", 1, "86")).isEqualTo("+8613800138000");
    assertThat(PhoneNumbers.toE164("8613800138000", 0, "86")).isEqualTo("+8613800138000");
    assertThat(PhoneNumbers.toE164("13800138000", 0, "86")).isEqualTo("+8613800138000");
    assertThat(PhoneNumbers.toE164("13800138000", 2, "86")).isEqualTo("+8613800138000");
    assertThat(PhoneNumbers.toE164("008613800138000", 0, "86")).isEqualTo("+8613800138000");
    assertThat(PhoneNumbers.toE164("01012345678", 0, "86")).isEqualTo("+861012345678");
    assertThat(PhoneNumbers.toE164("+44 7700 900123", 0, "86")).isEqualTo("+447700900123");
  }
}
