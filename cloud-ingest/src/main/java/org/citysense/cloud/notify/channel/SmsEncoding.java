package org.citysense.cloud.notify.channel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a text goes into SMS: the GSM default alphabet (data_coding 0x00) when every character is in
 * it, else UCS-2 (0x08; Chinese always). A text longer than one message (160 septets or 70 UCS-2
 * characters) is split into concatenated segments, each starting with a user data header (8-bit
 * reference, total, sequence), of 153 septets or 67 characters; an escape pair or a surrogate pair
 * is never cut. The notification templates aim for one segment; splitting is the fallback.
 */
public final class SmsEncoding {
  public static final byte DATA_CODING_GSM = 0x00;
  public static final byte DATA_CODING_UCS2 = 0x08;
  public static final int GSM_SINGLE = 160;
  public static final int GSM_PART = 153;
  public static final int UCS2_SINGLE = 70;
  public static final int UCS2_PART = 67;

  /**
   * The message as it goes out.
   *
   * @param dataCoding {@link #DATA_CODING_GSM} or {@link #DATA_CODING_UCS2}
   * @param segments short_message payloads; when more than one, each starts with its UDH
   */
  public record Encoded(byte dataCoding, List<byte[]> segments) {
    public boolean concatenated() {
      return segments.size() > 1;
    }
  }

  private SmsEncoding() {}

  /** Whether {@code text} fits one SMS (160 GSM septets, or 70 UCS-2 characters). */
  public static boolean fitsOneSegment(String text) {
    int septets = Gsm7.septets(text);
    return septets >= 0 ? septets <= GSM_SINGLE : text.length() <= UCS2_SINGLE;
  }

  /**
   * @param reference the concatenation reference (its low 8 bits), the same for all segments of one
   *     message and different between messages in flight to one handset
   */
  public static Encoded encode(String text, int reference) {
    boolean gsm = Gsm7.fits(text);
    List<String> parts = gsm ? splitGsm(text) : splitUcs2(text);
    List<byte[]> segments = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      byte[] body =
          gsm ? Gsm7.encode(parts.get(i)) : parts.get(i).getBytes(StandardCharsets.UTF_16BE);
      if (parts.size() == 1) {
        segments.add(body);
      } else {
        byte[] seg = new byte[6 + body.length];
        seg[0] = 0x05; // UDH length
        seg[1] = 0x00; // IEI: concatenated short message, 8-bit reference
        seg[2] = 0x03; // IE length
        seg[3] = (byte) reference;
        seg[4] = (byte) parts.size();
        seg[5] = (byte) (i + 1);
        System.arraycopy(body, 0, seg, 6, body.length);
        segments.add(seg);
      }
    }
    return new Encoded(gsm ? DATA_CODING_GSM : DATA_CODING_UCS2, List.copyOf(segments));
  }

  static List<String> splitGsm(String text) {
    if (Gsm7.septets(text) <= GSM_SINGLE) {
      return List.of(text);
    }
    List<String> parts = new ArrayList<>();
    int start = 0;
    int used = 0;
    for (int i = 0; i < text.length(); i++) {
      int w = Gsm7.width(text.charAt(i));
      if (used + w > GSM_PART) {
        parts.add(text.substring(start, i));
        start = i;
        used = 0;
      }
      used += w;
    }
    parts.add(text.substring(start));
    return parts;
  }

  static List<String> splitUcs2(String text) {
    if (text.length() <= UCS2_SINGLE) {
      return List.of(text);
    }
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (text.length() - start > UCS2_PART) {
      int end = start + UCS2_PART;
      if (Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      parts.add(text.substring(start, end));
      start = end;
    }
    parts.add(text.substring(start));
    return parts;
  }

  /** The text of a received short_message: strips a UDH when {@code udhi}, then decodes. */
  public static String decode(byte[] shortMessage, byte dataCoding, boolean udhi) {
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
    return Gsm7.decode(shortMessage, offset, length);
  }
}
