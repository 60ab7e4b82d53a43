package org.citysense.cloud.notify.text;

import java.util.regex.Pattern;
import org.citysense.cloud.notify.Language;
import org.citysense.cloud.notify.channel.Gsm7;
import org.citysense.cloud.notify.channel.SmsEncoding;
import org.citysense.cloud.rules.Severity;

/**
 * Event notifications as one SMS each, in Chinese or English: the brand, the severity, the place,
 * what happened, the value, and how to reply, e.g.
 *
 * <pre>
 * 【城感】紧急：3栋201 燃气泄漏（35 ppm）。回复 4821 或 1 确认
 * CitySense URGENT: gas leak at Bldg 3 Rm 201 (35 ppm). Reply 4821 or 1 to confirm.
 * </pre>
 *
 * One segment is 70 characters when any character is outside the GSM alphabet (all Chinese texts;
 * an English text naming a Chinese place) and 160 GSM septets otherwise. When the text is longer,
 * the place is cut first (to no less than {@value #MIN_PLACE} characters, ending in "…", or "..."
 * in an all-GSM text where "…" would cost the GSM alphabet), then the value, then the value is
 * dropped. A text still too long after that goes out as it is and the SMS channel splits it.
 */
public final class MessageTemplates {
  static final int MIN_PLACE = 4;

  /** What a cut place should not end in: spaces, separators, opening brackets. */
  private static final Pattern TRAILING = Pattern.compile("[\\s,，、;；:：(（\\[【-]+$");

  private final String brandZh;
  private final String brandEn;

  /** With the brands {@code 【城感】} and {@code CitySense}. */
  public MessageTemplates() {
    this("【城感】", "CitySense");
  }

  /**
   * @param brandZh the signature Chinese carriers require at the start, e.g. {@code 【城感】}
   * @param brandEn the English sender name at the start
   */
  public MessageTemplates(String brandZh, String brandEn) {
    this.brandZh = brandZh;
    this.brandEn = brandEn;
  }

  /** The text, fitted to one SMS where possible. */
  public String render(EventNotice n, Language language) {
    String value = language == Language.EN ? gsmUnits(n.value()) : n.value();
    String text = fitPlace(n, language, value);
    if (excess(text) > 0 && value != null) {
      text = fitPlace(n, language, null); // whole or not at all: a cut number would mislead
    }
    return text;
  }

  /**
   * µg/m³ as ug/m3: an English message stays in the GSM alphabet (160 characters a segment), which
   * has neither µ nor ³; a Chinese one is UCS-2 anyway and keeps them.
   */
  static String gsmUnits(String value) {
    return value == null
        ? null
        : value.replace('µ', 'u').replace('μ', 'u').replace('³', '3').replace('²', '2');
  }

  /** The text with the place cut (down to {@link #MIN_PLACE}) until it fits, or at its shortest. */
  private String fitPlace(EventNotice n, Language language, String value) {
    String place = n.place();
    String text = format(n, language, place, value);
    int over = excess(text);
    int placeLength = place.codePointCount(0, place.length());
    while (over > 0 && placeLength > MIN_PLACE) {
      placeLength = Math.max(MIN_PLACE, placeLength - Math.max(1, over));
      place = cut(n.place(), placeLength, ellipsis(text));
      text = format(n, language, place, value);
      over = excess(text);
    }
    return text;
  }

  /** Characters (UCS-2) or septets (GSM) beyond one segment; 0 or less when it fits. */
  static int excess(String text) {
    int septets = Gsm7.septets(text);
    return septets >= 0
        ? septets - SmsEncoding.GSM_SINGLE
        : text.length() - SmsEncoding.UCS2_SINGLE;
  }

  private String format(EventNotice n, Language language, String place, String value) {
    return language == Language.ZH ? zh(n, place, value) : en(n, place, value);
  }

  private String zh(EventNotice n, String place, String value) {
    String what = n.what().phrase(Language.ZH);
    String where = place.isEmpty() ? "" : place + " ";
    String v = value == null ? "" : "（" + value + "）";
    String advice = n.what().advice(Language.ZH);
    String tail = (advice == null ? "" : "，" + advice) + "。";
    String reply = n.code() == null ? "回复 1 " : "回复 " + n.code() + " 或 1 ";
    switch (n.kind()) {
      case REMINDER:
        return brandZh + "提醒：" + where + what + v + "仍未确认" + tail + reply + "确认";
      case ESCALATION:
        return brandZh + "升级：" + where + what + v + "无人确认" + tail + reply + "接手";
      case ALL_CLEAR:
        return brandZh + "已解除：" + where + what + "，已恢复正常。";
      default:
        return brandZh + severityZh(n.severity()) + "：" + where + what + v + tail + reply + "确认";
    }
  }

  private String en(EventNotice n, String place, String value) {
    String what = n.what().phrase(Language.EN);
    String at = place.isEmpty() ? "" : " at " + place;
    String v = value == null ? "" : " (" + value + ")";
    String advice = n.what().advice(Language.EN);
    String tail = (advice == null ? "" : ", " + advice) + ". ";
    String reply = n.code() == null ? "Reply 1" : "Reply " + n.code() + " or 1";
    switch (n.kind()) {
      case REMINDER:
        return brandEn
            + " reminder: "
            + what
            + at
            + v
            + " still open"
            + tail
            + reply
            + " to confirm.";
      case ESCALATION:
        return brandEn
            + " escalated: "
            + what
            + at
            + v
            + " not confirmed"
            + tail
            + reply
            + " to take it.";
      case ALL_CLEAR:
        return brandEn + " all clear: " + what + at + " is back to normal.";
      default:
        return brandEn
            + " "
            + severityEn(n.severity())
            + ": "
            + what
            + at
            + v
            + tail
            + reply
            + " to confirm.";
    }
  }

  private static String severityZh(Severity s) {
    switch (s) {
      case CRITICAL:
        return "紧急";
      case MAJOR:
        return "重要";
      case MINOR:
        return "注意";
      default:
        return "通知";
    }
  }

  private static String severityEn(Severity s) {
    switch (s) {
      case CRITICAL:
        return "URGENT";
      case MAJOR:
        return "ALERT";
      case MINOR:
        return "notice";
      default:
        return "info";
    }
  }

  /** "…" unless the text is all GSM, where "..." keeps it in the 160-septet alphabet. */
  private static String ellipsis(String text) {
    return Gsm7.fits(text) ? "..." : "…";
  }

  /** The first code points of {@code s} and the ellipsis, {@code length} code points in all. */
  static String cut(String s, int length, String ellipsis) {
    int cps = s.codePointCount(0, s.length());
    if (cps <= length) {
      return s;
    }
    int keep = Math.max(1, length - ellipsis.codePointCount(0, ellipsis.length()));
    String kept = s.substring(0, s.offsetByCodePoints(0, keep));
    return TRAILING.matcher(kept).replaceAll("") + ellipsis;
  }
}
