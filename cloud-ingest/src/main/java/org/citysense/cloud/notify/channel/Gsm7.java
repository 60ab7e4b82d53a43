package org.citysense.cloud.notify.channel;

import java.io.ByteArrayOutputStream;

/**
 * The GSM 03.38 default alphabet, unpacked (one septet per byte, as SMPP carries it with
 * data_coding 0): whether a text fits it, how many septets it takes, and the conversions both ways.
 * Characters of the extension table (€, [, ], {, }, …) take two septets: an escape and the code.
 */
public final class Gsm7 {
  private static final char ESC = 0x1B;
  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final char[] EXTENSION = new char[128];

  static {
    if (BASIC.length() != 128) {
      throw new IllegalStateException("GSM basic table has " + BASIC.length() + " entries");
    }
    EXTENSION[0x0A] = '\f';
    EXTENSION[0x14] = '^';
    EXTENSION[0x28] = '{';
    EXTENSION[0x29] = '}';
    EXTENSION[0x2F] = '\\';
    EXTENSION[0x3C] = '[';
    EXTENSION[0x3D] = '~';
    EXTENSION[0x3E] = ']';
    EXTENSION[0x40] = '|';
    EXTENSION[0x65] = '€';
  }

  private Gsm7() {}

  /** Whether every character of {@code text} is in the default alphabet or its extension. */
  public static boolean fits(String text) {
    return septets(text) >= 0;
  }

  /** Septets {@code text} takes, or -1 when a character is not in the alphabet. */
  public static int septets(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      int w = width(text.charAt(i));
      if (w < 0) {
        return -1;
      }
      n += w;
    }
    return n;
  }

  /** Septets one character takes: 1, 2 (extension), or -1 when it is not in the alphabet. */
  public static int width(char c) {
    if (c != ESC && BASIC.indexOf(c) >= 0) {
      return 1;
    }
    return extensionCode(c) >= 0 ? 2 : -1;
  }

  /**
   * @throws IllegalArgumentException when a character is not in the alphabet
   */
  public static byte[] encode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int code = c == ESC ? -1 : BASIC.indexOf(c);
      if (code >= 0) {
        out.write(code);
        continue;
      }
      int ext = extensionCode(c);
      if (ext < 0) {
        throw new IllegalArgumentException(
            "not in the GSM 7-bit alphabet [char: U+" + Integer.toHexString(c) + "]");
      }
      out.write(ESC);
      out.write(ext);
    }
    return out.toByteArray();
  }

  /** Unpacked septets to text; unknown codes become '?'. */
  public static String decode(byte[] septets, int offset, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = offset; i < offset + length; i++) {
      int code = septets[i] & 0x7F;
      if (code == ESC && i + 1 < offset + length) {
        char ext = EXTENSION[septets[++i] & 0x7F];
        sb.append(ext == 0 ? '?' : ext);
      } else if (code == ESC) {
        sb.append(' ');
      } else {
        sb.append(BASIC.charAt(code));
      }
    }
    return sb.toString();
  }

  private static int extensionCode(char c) {
    if (c == 0) {
      return -1;
    }
    for (int i = 0; i < EXTENSION.length; i++) {
      if (EXTENSION[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
