package org.citysense.cloud.notify.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.citysense.cloud.notify.Language;
import org.citysense.cloud.notify.channel.Gsm7;
import org.citysense.cloud.notify.channel.SmsEncoding;
import org.citysense.cloud.rules.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageTemplatesTest {
  private final MessageTemplates templates = new MessageTemplates();

  private static EventNotice notice(EventNotice.Kind kind, Topic what, String place, String value) {
    return new EventNotice(kind, Severity.CRITICAL, what, place, value, "4821");
  }

  @Test
  void aChineseAlarmReadsAsExpected() {
    String text =
        templates.render(
            notice(EventNotice.Kind.ALARM, Topic.GAS_LEAK, "3栋201", "35 ppm"), Language.ZH);

    assertThat(text).isEqualTo("【城感】紧急：3栋201 燃气泄漏（35 ppm）。回复 4821 或 1 确认");
  }

  @Test
  void anEnglishAlarmReadsAsExpectedAndStaysGsm() {
    String text =
        templates.render(
            notice(EventNotice.Kind.ALARM, Topic.GAS_LEAK, "Bldg 3 Rm 201", "35 ppm"), Language.EN);

    assertThat(text)
        .isEqualTo(
            "CitySense URGENT: gas leak at Bldg 3 Rm 201 (35 ppm). Reply 4821 or 1 to confirm.");
    assertThat(Gsm7.fits(text)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Topic.class)
  void typicalEventsFitOneSegmentInEveryKindAndLanguage(Topic topic) {
    for (EventNotice.Kind kind : EventNotice.Kind.values()) {
      String zh = templates.render(notice(kind, topic, "幸福小区3栋2单元201", "2.35 m/h"), Language.ZH);
      String en =
          templates.render(
              notice(kind, topic, "Happiness Garden Bldg 3 Unit 2 Rm 201", "2.35 m/h"),
              Language.EN);

      assertThat(zh.length()).as(zh).isLessThanOrEqualTo(70);
      assertThat(zh).as("nothing cut in a typical text").doesNotContain("…");
      assertThat(Gsm7.septets(en)).as(en).isBetween(0, 160);
      assertThat(en).doesNotContain("...");
      assertThat(SmsEncoding.encode(zh, 1).segments()).hasSize(1);
      assertThat(SmsEncoding.encode(en, 1).segments()).hasSize(1);
      if (kind != EventNotice.Kind.ALL_CLEAR) {
        assertThat(zh).contains("回复 4821 或 1");
        assertThat(en).contains("Reply 4821 or 1");
      }
    }
  }

  @Test
  void anOverlongPlaceIsCutWithAnEllipsisInsteadOfSpillingIntoASecondSegment() {
    String place = "幸福里街道幸福小区东区三期3栋2单元201室（北门进，左转第二个楼道，门口有绿色信箱）";

    String text =
        templates.render(
            notice(EventNotice.Kind.ESCALATION, Topic.NO_WATER_USE, place, "26 小时"), Language.ZH);

    assertThat(text.length()).isLessThanOrEqualTo(70);
    assertThat(text).contains("幸福里街道").contains("…").contains("长时间未用水").contains("请上门探视");
    assertThat(text).doesNotContain("（…").as("no dangling bracket before the ellipsis");
    assertThat(text).contains("26 小时").as("the value stays when cutting the place suffices");
    assertThat(text).endsWith("回复 4821 或 1 接手");
  }

  @Test
  void theValueGivesWayAfterThePlaceAndWhole() {
    String place = "幸福里街道幸福小区东区三期3栋2单元201室（北门进）";
    String value = "1234.5 µg/m³，比周边站点高出百分之三百二十，持续四小时以上";

    String text =
        templates.render(
            notice(EventNotice.Kind.REMINDER, Topic.PM25_ABOVE_NEIGHBOURS, place, value),
            Language.ZH);

    assertThat(text.length()).isLessThanOrEqualTo(70);
    assertThat(text).contains("PM2.5高于周边");
    assertThat(text).as("the whole place is back once the value is gone").contains(place);
    assertThat(text).doesNotContain("1234").as("no cut number");
    assertThat(text).endsWith("回复 4821 或 1 确认");
  }

  @Test
  void welfareChecksSayWhatToDo() {
    EventNotice n = notice(EventNotice.Kind.REMINDER, Topic.NO_WATER_USE, "3栋201", "26 h");
    EventNotice e = notice(EventNotice.Kind.REMINDER, Topic.NO_WATER_USE, "3-201", "26 h");

    assertThat(templates.render(n, Language.ZH))
        .isEqualTo("【城感】提醒：3栋201 长时间未用水（26 h）仍未确认，请上门探视。回复 4821 或 1 确认");
    assertThat(templates.render(e, Language.EN))
        .isEqualTo(
            "CitySense reminder: no water use at 3-201 (26 h) still open, please check on the"
                + " resident. Reply 4821 or 1 to confirm.");
  }

  @Test
  void anEnglishTextNamingAChinesePlaceFitsSeventyCharacters() {
    String text =
        templates.render(
            notice(EventNotice.Kind.ALARM, Topic.GAS_LEAK, "幸福小区3栋2单元201室", "35 ppm"), Language.EN);

    assertThat(Gsm7.fits(text)).isFalse();
    assertThat(text.length()).as(text).isLessThanOrEqualTo(70);
    assertThat(text).contains("…").contains("Reply 4821 or 1");
  }

  @Test
  void anOverlongEnglishPlaceIsCutWithDotsToStayGsm() {
    String place =
        "Happiness Garden Phase Three East Section, Building 3, Unit 2, Room 201, ".repeat(2);

    String text =
        templates.render(
            notice(EventNotice.Kind.ALARM, Topic.SMOKE, place, "0.3 dB/m"), Language.EN);

    assertThat(Gsm7.septets(text)).as(text).isBetween(0, 160);
    assertThat(text).contains("...").contains("(0.3 dB/m)").endsWith("Reply 4821 or 1 to confirm.");
  }

  @Test
  void topicsFromRules() {
    assertThat(Topic.of("threshold", "gas", "point")).isEqualTo(Topic.GAS_LEAK);
    assertThat(Topic.of("state", "gas_alarm", "point")).isEqualTo(Topic.GAS_LEAK);
    assertThat(Topic.of("state", "smoke", "point")).isEqualTo(Topic.SMOKE);
    assertThat(Topic.of("state", "alarm_button", "point")).isEqualTo(Topic.ALARM_BUTTON);
    assertThat(Topic.of("threshold", "water_level", "point")).isEqualTo(Topic.WATER_LEVEL);
    assertThat(Topic.of("rate", "water_level", "point")).isEqualTo(Topic.RIVER_RISING);
    assertThat(Topic.of("neighbour", "pm2_5", "station")).isEqualTo(Topic.PM25_ABOVE_NEIGHBOURS);
    assertThat(Topic.of("noConsumption", "water_volume", "station")).isEqualTo(Topic.NO_WATER_USE);
    assertThat(Topic.of("offline", null, "device")).isEqualTo(Topic.DEVICE_OFFLINE);
    assertThat(Topic.of("offline", null, "gateway")).isEqualTo(Topic.GATEWAY_OFFLINE);
    assertThat(Topic.of("battery", "battery", "device")).isEqualTo(Topic.LOW_BATTERY);
    assertThat(Topic.of("threshold", "temperature", "point")).isEqualTo(Topic.OTHER);
  }

  @Test
  void allClearNeedsNoReply() {
    EventNotice n =
        new EventNotice(
            EventNotice.Kind.ALL_CLEAR,
            Severity.CRITICAL,
            Topic.GAS_LEAK,
            "3栋201",
            "0 ppm",
            "4821");

    assertThat(templates.render(n, Language.ZH)).isEqualTo("【城感】已解除：3栋201 燃气泄漏，已恢复正常。");
    assertThat(templates.render(n, Language.EN))
        .isEqualTo("CitySense all clear: gas leak at 3栋201 is back to normal.");
  }
}
