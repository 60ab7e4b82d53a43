package org.citysense.cloud.notify.text;

import java.util.Locale;
import org.citysense.cloud.notify.Language;

/** What happened, as short words for an SMS: one phrase per language. */
public enum Topic {
  GAS_LEAK("燃气泄漏", "gas leak"),
  SMOKE("烟雾报警", "smoke alarm"),
  ALARM_BUTTON("紧急按钮被按下", "alarm button pressed"),
  WATER_LEVEL("水位超警戒", "water level above warning"),
  RIVER_RISING("河水快速上涨", "river rising fast"),
  PM25_ABOVE_NEIGHBOURS("PM2.5高于周边", "PM2.5 above neighbours"),
  NO_WATER_USE("长时间未用水", "no water use", "请上门探视", "please check on the resident"),
  DEVICE_OFFLINE("设备离线", "device offline"),
  GATEWAY_OFFLINE("网关离线", "gateway offline"),
  LOW_BATTERY("电量低", "low battery"),
  OTHER("异常告警", "alert");

  private final String zh;
  private final String en;
  private final String zhAdvice;
  private final String enAdvice;

  Topic(String zh, String en) {
    this(zh, en, null, null);
  }

  Topic(String zh, String en, String zhAdvice, String enAdvice) {
    this.zh = zh;
    this.en = en;
    this.zhAdvice = zhAdvice;
    this.enAdvice = enAdvice;
  }

  /** What happened, e.g. 燃气泄漏 / gas leak. */
  public String phrase(Language language) {
    return language == Language.ZH ? zh : en;
  }

  /** What to do about it, when the topic asks for more than a confirmation; else null. */
  public String advice(Language language) {
    return language == Language.ZH ? zhAdvice : enAdvice;
  }

  /**
   * The topic of an event from its rule type (as in rule files: {@code threshold}, {@code rate},
   * {@code neighbour}, {@code noConsumption}, {@code offline}, {@code battery}, {@code state},
   * {@code edge}), its quantity and its subject kind; {@link #OTHER} when none fits.
   */
  public static Topic of(String ruleType, String quantity, String subjectKind) {
    String type = ruleType == null ? "" : ruleType.toLowerCase(Locale.ROOT).replace("_", "");
    String q = quantity == null ? "" : quantity.toLowerCase(Locale.ROOT);
    switch (type) {
      case "offline":
        return "gateway".equals(subjectKind) ? GATEWAY_OFFLINE : DEVICE_OFFLINE;
      case "battery":
        return LOW_BATTERY;
      case "noconsumption":
        return NO_WATER_USE;
      case "neighbour":
        return q.startsWith("pm2") ? PM25_ABOVE_NEIGHBOURS : OTHER;
      case "rate":
        return q.equals("water_level") ? RIVER_RISING : OTHER;
      default:
        break;
    }
    switch (q) {
      case "gas":
      case "gas_alarm":
      case "gas_leak":
        return GAS_LEAK;
      case "smoke":
      case "smoke_density":
        return SMOKE;
      case "alarm_button":
        return ALARM_BUTTON;
      case "water_level":
        return WATER_LEVEL;
      default:
        return OTHER;
    }
  }
}
