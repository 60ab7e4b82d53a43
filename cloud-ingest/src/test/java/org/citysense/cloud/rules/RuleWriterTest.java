package org.citysense.cloud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.quantity.Quantity;
import org.junit.jupiter.api.Test;

class RuleWriterTest {
  private final RuleReader reader = new RuleReader();
  private final RuleWriter writer = new RuleWriter();

  private static final List<Rule> EVERY_TYPE =
      List.of(
          new ThresholdRule(
              "gas-high",
              Severity.CRITICAL,
              true,
              Quantity.GAS,
              true,
              Limit.of(20),
              Duration.ZERO,
              null),
          new ThresholdRule(
              "cold",
              Severity.INFO,
              false,
              Quantity.TEMPERATURE,
              false,
              Limit.of(-5.5),
              Duration.ofSeconds(90),
              Limit.of(0.25)),
          new ThresholdRule(
              "level",
              Severity.MAJOR,
              true,
              Quantity.WATER_LEVEL,
              true,
              Limit.level("danger"),
              Duration.ofMinutes(1),
              Limit.level("warning")),
          new NeighbourRule(
              "pm",
              Severity.MAJOR,
              true,
              Quantity.PM2_5,
              5,
              0.35,
              Duration.ofSeconds(450),
              4,
              2.5,
              12),
          new RateRule(
              "rising",
              Severity.MAJOR,
              true,
              Quantity.WATER_LEVEL,
              0.3,
              null,
              Duration.ofMinutes(30)),
          new RateRule(
              "falling",
              Severity.MINOR,
              false,
              Quantity.TEMPERATURE,
              null,
              4.0,
              Duration.ofHours(2)),
          new NoConsumptionRule(
              "still",
              Severity.MAJOR,
              true,
              Quantity.WATER_VOLUME,
              Duration.ofMinutes(510),
              LocalTime.of(7, 30),
              LocalTime.of(21, 15),
              0.001,
              5),
          new OfflineRule(
              "offline", Severity.MINOR, true, Duration.ofSeconds(300), Duration.ofSeconds(600)),
          new BatteryRule("battery", Severity.MINOR, true, 20, 25.5),
          new StateRule("smoke", Severity.CRITICAL, false, Quantity.SMOKE));

  private static final RuleSet SET =
      new RuleSet(
          ZoneId.of("Europe/Berlin"),
          Duration.ofSeconds(210),
          Map.of(
              Severity.CRITICAL, Duration.ofMinutes(5),
              Severity.MAJOR, Duration.ofHours(1),
              Severity.MINOR, Duration.ofHours(4),
              Severity.INFO, Duration.ofDays(2)),
          EVERY_TYPE);

  @Test
  void everyTypeSurvivesWriteAndRead() {
    RuleSet back = reader.read("written.yaml", writer.toYaml(SET));
    assertThat(back.rules()).containsExactlyElementsOf(EVERY_TYPE);
    assertThat(back).isEqualTo(SET);
  }

  @Test
  void eachRuleAloneSurvivesWriteAndRead() {
    for (Rule rule : EVERY_TYPE) {
      RuleSet one = new RuleSet(SET.timeZone(), SET.lateAfter(), SET.sla(), List.of(rule));
      assertThat(reader.read("one.yaml", writer.toYaml(one))).as(rule.id()).isEqualTo(one);
    }
  }

  @Test
  void bundledDefaultsSurviveWriteAndRead() {
    RuleSet defaults = reader.bundledDefaults();
    assertThat(reader.read("written.yaml", writer.toYaml(defaults))).isEqualTo(defaults);
  }

  @Test
  void documentSpellsValuesAsAPersonWould() {
    Map<String, Object> doc = writer.toDocument(SET);
    assertThat(doc).containsEntry("timeZone", "Europe/Berlin").containsEntry("lateAfter", "210s");
    assertThat(doc.get("sla"))
        .isEqualTo(Map.of("critical", "5m", "major", "1h", "minor", "4h", "info", "48h"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rules = (List<Map<String, Object>>) doc.get("rules");
    assertThat(rules.get(0))
        .containsExactly(
            Map.entry("id", "gas-high"),
            Map.entry("type", "threshold"),
            Map.entry("severity", "critical"),
            Map.entry("autoResolve", true),
            Map.entry("quantity", "gas"),
            Map.entry("above", 20L),
            Map.entry("forSeconds", 0L));
    assertThat(rules.get(1)).containsEntry("below", -5.5).containsEntry("forSeconds", 90L);
    assertThat(rules.get(2)).containsEntry("above", "danger").containsEntry("clearAt", "warning");
    assertThat(rules.get(3)).containsEntry("window", "450s").containsEntry("ratio", 0.35);
    assertThat(rules.get(6))
        .containsEntry("hours", 8.5)
        .containsEntry("activeHours", "07:30-21:15")
        .containsEntry("maxStep", 5L);
    assertThat(rules.get(7))
        .containsEntry("minSeconds", 300L)
        .containsEntry("gatewaySeconds", 600L);
  }

  @Test
  void yamlIsBlockStyle() {
    String yaml =
        writer.toYaml(
            new RuleSet(
                ZoneId.of("Asia/Shanghai"),
                Duration.ofMinutes(10),
                RuleReader.DEFAULT_SLA,
                List.of(new StateRule("smoke", Severity.CRITICAL, true, Quantity.SMOKE))));
    assertThat(yaml)
        .isEqualTo(
            """
            timeZone: Asia/Shanghai
            lateAfter: 10m
            sla:
              critical: 15m
              major: 1h
              minor: 4h
              info: 24h
            rules:
              - id: smoke
                type: state
                severity: critical
                autoResolve: true
                quantity: smoke
            """);
  }

  @Test
  void durationsInTheLargestExactUnit() {
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(DurationText.format(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}
