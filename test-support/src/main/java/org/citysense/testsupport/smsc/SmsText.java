package org.citysense.testsupport.smsc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The SMSC's own reading of short_message bytes: UCS-2, Latin-1 and the unpacked GSM 03.38 default
 * alphabet with its extension table. Written apart from cloud-ingest's encoder on purpose, so that
 * a test decodes what the product encoded with a second, independent reading of the standard.
 */
final class SmsText {
  static final byte GSM = 0x00;
  static final byte UCS2 = 0x08;
  private static final char ESC = 0x1B;
  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String EXTENSION_CODES = "\n\u0014()/<=>@e";
  private static final String EXTENSION_CHARS = "\f^{}\\[~]|€";

  private SmsText() {}

  /** The text of a short_message: strips a UDH when {@code udhi}, then decodes. */
  static String decode(byte[] shortMessage, byte dataCoding, boolean udhi) {
    int offset = 0;
    if (udhi && shortMessage.length > 0) {
      offset = Math.min(shortMessage.length, 1 + (shortMessage[0] & 0xFF));
    }
    int length = shortMessage.length - offset;
    int dc = dataCoding & 0xFF;
    if (dc == 0x08) {
      return new String(shortMessage, offset, length, StandardCharsets.UTF_16BE);
    }
    if (dc == 0x01) {
      return new String(shortMessage, offset, length, StandardCharsets.US_ASCII);
    }
    if (dc == 0x02 || dc == 0x03 || dc == 0x04 || (dc & 0xF4) == 0xF4) {
      return new String(shortMessage, offset, length, StandardCharsets.ISO_8859_1);
    }
    StringBuilder out = new StringBuilder(length);
    for (int i = offset; i < offset + length; i++) {
      int septet = shortMessage[i] & 0x7F;
      if (septet == ESC && i + 1 < offset + length) {
        int at = EXTENSION_CODES.indexOf((char) (shortMessage[++i] & 0x7F));
        out.append(at < 0 ? ' ' : EXTENSION_CHARS.charAt(at));
      } else {
        out.append(BASIC.charAt(septet));
      }
    }
    return out.toString();
  }

  /** Whether every character is in the default alphabet or its extension. */
  static boolean fitsGsm(String text) {
    return text.chars()
        .allMatch(c -> (c != ESC && BASIC.indexOf(c) >= 0) || EXTENSION_CHARS.indexOf(c) >= 0);
  }

  /** Unpacked septets, one per byte; call only when {@link #fitsGsm} holds. */
  static byte[] encodeGsm(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (char c : text.toCharArray()) {
      int basic = c == ESC ? -1 : BASIC.indexOf(c);
      if (basic >= 0) {
        out.write(basic);
      } else {
        out.write(ESC);
        out.write(EXTENSION_CODES.charAt(EXTENSION_CHARS.indexOf(c)));
      }
    }
    return out.toByteArray();
  }
}
