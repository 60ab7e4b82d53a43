package org.citysense.cloud.notify.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.citysense.cloud.evaluate.Category;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventStatus;
import org.citysense.cloud.notify.Language;
import org.citysense.cloud.notify.Notification;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.junit.jupiter.api.Test;

class TemplatedMessageTextTest {
  private static final Instant T = Instant.parse("2024-05-01T02:00:00Z");
  private final TemplatedMessageText text = new TemplatedMessageText();

  private static Event event(
      RuleType type,
      String subjectKind,
      String subjectId,
      String householdId,
      String stationId,
      String summary,
      Map<String, Object> details,
      Double value) {
    return new Event(
        7,
        "r-1",
        type,
        Severity.CRITICAL,
        Category.ALARM,
        subjectKind,
        subjectId,
        "gas-1",
        stationId,
        householdId,
        "gw-1",
        "c1",
        EventStatus.OPEN,
        summary,
        details,
        1,
        value,
        value,
        T,
        T,
        T,
        T,
        false,
        false,
        false,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void aGasThresholdInAHouseholdReadsAsAGasLeakThereWithItsValueAndCode() {
    Event e =
        event(
            RuleType.THRESHOLD,
            "point",
            "gas-1/gas",
            "h-101",
            null,
            "gas 30.0 %LEL ≥ 20.0",
            Map.of("unit", "%LEL"),
            30.0);

    assertThat(text.render(e, Notification.ALARM, 0, Language.ZH, "4821"))
        .isEqualTo("【城感】紧急：h-101 燃气泄漏（30 %LEL）。回复 4821 或 1 确认");
    assertThat(text.render(e, Notification.ALARM, 0, Language.EN, "4821"))
        .isEqualTo("CitySense URGENT: gas leak at h-101 (30 %LEL). Reply 4821 or 1 to confirm.");
    assertThat(text.render(e, Notification.ALL_CLEAR, 0, Language.ZH, null))
        .isEqualTo("【城感】已解除：h-101 燃气泄漏，已恢复正常。");
  }

  @Test
  void topicsComeFromTheRuleTypeTheDetailsTheSummaryOrThePoint() {
    assertThat(
            TemplatedMessageText.topic(
                event(
                    RuleType.STATE,
                    "point",
                    "b-1/x",
                    "h-1",
                    null,
                    "alarm button on",
                    Map.of("quantity", "alarm_button"),
                    1.0)))
        .isEqualTo(Topic.ALARM_BUTTON);
    assertThat(
            TemplatedMessageText.topic(
                event(
                    RuleType.THRESHOLD,
                    "point",
                    "s-1/smoke_density",
                    null,
                    "st-1",
                    "smoke density 3.0 %/m ≥ 2.0",
                    Map.of(),
                    3.0)))
        .isEqualTo(Topic.SMOKE);
    assertThat(
            TemplatedMessageText.topic(
                event(
                    RuleType.THRESHOLD,
                    "point",
                    "l-1/water_level",
                    null,
                    "st-1",
                    null,
                    Map.of(),
                    3.0)))
        .isEqualTo(Topic.WATER_LEVEL);
    assertThat(
            TemplatedMessageText.topic(
                event(RuleType.OFFLINE, "gateway", "gw-1", null, null, "silent", Map.of(), null)))
        .isEqualTo(Topic.GATEWAY_OFFLINE);
  }

  @Test
  void theValueNeedsAUnitAndThePlaceFallsBackToTheStation() {
    Event e =
        event(
            RuleType.STATE,
            "point",
            "b-1/alarm_button",
            null,
            "st-9",
            "alarm button on",
            Map.of("quantity", "alarm_button"),
            1.0);
    assertThat(TemplatedMessageText.value(e)).isNull();
    assertThat(TemplatedMessageText.place(e)).isEqualTo("st-9");
  }

  @Test
  void aStationAboveItsNeighboursIsToldAsPm25WithItsMeanAndTheExcess() {
    Event e =
        event(
            RuleType.NEIGHBOUR,
            "station",
            "st-03",
            null,
            "st-03",
            "PM2.5 at st-03: 58.0 µg/m³ over 10 min is 45 % above its 3 neighbours' 40.0 (…)",
            Map.of(
                "quantity",
                "pm2_5",
                "unit",
                "µg/m³",
                "mean",
                58.0,
                "neighbourMean",
                40.0,
                "ratio",
                0.45,
                "percentAbove",
                45.0),
            142.499998211861);
    assertThat(TemplatedMessageText.topic(e)).isEqualTo(Topic.PM25_ABOVE_NEIGHBOURS);
    assertThat(TemplatedMessageText.value(e)).isEqualTo("58 µg/m³, +45 %");
    assertThat(text.render(e, Notification.ALARM, 0, Language.ZH, "4697"))
        .contains("PM2.5高于周边（58 µg/m³, +45 %）")
        .contains("st-03")
        .doesNotContain("异常")
        .doesNotContain("142");
    assertThat(text.render(e, Notification.ALARM, 0, Language.EN, "4697"))
        .contains("PM2.5 above neighbours")
        .contains("(58 ug/m3, +45 %)");
  }

  @Test
  void thePlaceIsNamedByItsNameWhereItHasOneAndTheMatterStaysKeyedById() {
    Event e =
        event(
            RuleType.NEIGHBOUR,
            "station",
            "st-03",
            null,
            "st-03",
            "PM2.5 at st-03: …",
            Map.of("quantity", "pm2_5", "unit", "µg/m³", "mean", 58.0, "percentAbove", 45.0),
            58.0);
    TemplatedMessageText named =
        new TemplatedMessageText(
            ev -> "st-03".equals(ev.stationId()) ? Optional.of("滨江公园") : Optional.empty());
    assertThat(named.render(e, Notification.ALARM, 0, Language.ZH, "4697"))
        .contains("滨江公园")
        .doesNotContain("st-03");
    assertThat(named.matter(e)).contains("PM25_ABOVE_NEIGHBOURS@st-03");
  }

  @Test
  void aRisingRiverIsToldByItsRateNotByItsLevel() {
    Event e =
        event(
            RuleType.RATE,
            "point",
            "level-1/water_level",
            null,
            "st-river-1",
            "water level rising 0.326 m/h over 30 min (limit 0.3 m/h)",
            Map.of("quantity", "water_level", "ratePerHour", 0.326, "unit", "m/h"),
            1.38);
    assertThat(TemplatedMessageText.value(e)).isEqualTo("0.3 m/h");
    assertThat(text.render(e, Notification.ALARM, 0, Language.ZH, "4697"))
        .contains("河水快速上涨（0.3 m/h）")
        .doesNotContain("1.4");
  }

  @Test
  void aGasReadingAndTheDetectorsAlarmRelayAreOneMatterSmokeIsAnother() {
    Event reading =
        event(
            RuleType.THRESHOLD,
            "point",
            "gas-7/gas",
            "h-203",
            null,
            "gas 30.0 %LEL ≥ 20.0",
            Map.of("unit", "%LEL"),
            30.0);
    Event relay =
        event(
            RuleType.STATE,
            "point",
            "gas-7/gas_alarm",
            "h-203",
            null,
            "gas alarm on",
            Map.of("quantity", "gas_alarm"),
            1.0);
    Event smoke =
        event(RuleType.STATE, "point", "smoke-1/smoke", "h-203", null, "smoke", Map.of(), 1.0);
    assertThat(text.matter(reading)).contains("GAS_LEAK@h-203");
    assertThat(text.matter(relay)).isEqualTo(text.matter(reading));
    assertThat(text.matter(smoke)).isNotEqualTo(text.matter(reading)).isPresent();
    Event other =
        event(RuleType.THRESHOLD, "point", "x-1/foo", null, "st-1", "foo 3", Map.of(), 3.0);
    assertThat(text.matter(other)).isEmpty();
  }
}
