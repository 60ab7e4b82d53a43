package org.citysense.cloud.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.Problem;
import org.citysense.profiles.quantity.Quantity;
import org.junit.jupiter.api.Test;

class RuleReaderTest {
  private final RuleReader reader = new RuleReader();

  private Rule only(String rules) {
    RuleSet set = reader.read("rules.yaml", "rules:\n" + rules);
    assertThat(set.rules()).hasSize(1);
    return set.rules().get(0);
  }

  private List<String> problems(String text) {
    InvalidFileException e =
        catchThrowableOfType(InvalidFileException.class, () -> reader.read("bad.yaml", text));
    assertThat(e).as("no error for:\n%s", text).isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  // --- the document ---

  @Test
  void documentDefaults() {
    RuleSet set = reader.read("rules.yaml", "rules: []\n");
    assertThat(set.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(set.lateAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(set.sla())
        .isEqualTo(
            Map.of(
                Severity.CRITICAL, Duration.ofMinutes(15),
                Severity.MAJOR, Duration.ofHours(1),
                Severity.MINOR, Duration.ofHours(4),
                Severity.INFO, Duration.ofHours(24)));
    assertThat(set.rules()).isEmpty();
  }

  @Test
  void documentExplicitWithPartialSla() {
    RuleSet set =
        reader.read(
            "rules.yaml",
            """
            timeZone: Europe/Berlin
            lateAfter: 3m30s
            sla: {critical: 5m, info: 48h}
            rules: []
            """);
    assertThat(set.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(set.lateAfter()).isEqualTo(Duration.ofSeconds(210));
    assertThat(set.sla(Severity.CRITICAL)).isEqualTo(Duration.ofMinutes(5));
    assertThat(set.sla(Severity.MAJOR)).isEqualTo(Duration.ofHours(1));
    assertThat(set.sla(Severity.MINOR)).isEqualTo(Duration.ofHours(4));
    assertThat(set.sla(Severity.INFO)).isEqualTo(Duration.ofHours(48));
  }

  @Test
  void jsonBodyIsReadToo() {
    RuleSet set =
        reader.read(
            "rules.json",
            """
            {"timeZone": "UTC", "rules": [
              {"id": "gas-high", "type": "threshold", "quantity": "gas", "above": 20},
              {"id": "level", "type": "threshold", "quantity": "water_level", "above": "warning"}
            ]}
            """);
    assertThat(set.timeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(set.rules())
        .extracting(r -> ((ThresholdRule) r).limit())
        .containsExactly(Limit.of(20), Limit.level("warning"));
  }

  // --- each type with its defaults and with every parameter given ---

  @Test
  void thresholdDefaults() {
    assertThat(only("- {id: gas-high, type: threshold, quantity: gas, above: 20}"))
        .isEqualTo(
            new ThresholdRule(
                "gas-high",
                Severity.MAJOR,
                true,
                Quantity.GAS,
                true,
                Limit.of(20),
                Duration.ZERO,
                null));
  }

  @Test
  void thresholdExplicit() {
    assertThat(
            only(
                """
                - id: cold
                  type: threshold
                  severity: info
                  autoResolve: false
                  quantity: temperature
                  below: -5.5
                  forSeconds: 600
                  clearAt: 0
                """))
        .isEqualTo(
            new ThresholdRule(
                "cold",
                Severity.INFO,
                false,
                Quantity.TEMPERATURE,
                false,
                Limit.of(-5.5),
                Duration.ofMinutes(10),
                Limit.of(0)));
  }

  @Test
  void thresholdWithStationLevels() {
    ThresholdRule rule =
        (ThresholdRule)
            only(
                """
                - {id: level, type: threshold, quantity: water_level, above: danger,
                   clearAt: warning}
                """);
    assertThat(rule.limit()).isEqualTo(Limit.level("danger"));
    assertThat(rule.clearAt()).isEqualTo(Limit.level("warning"));
  }

  @Test
  void thresholdQuotedNumberIsANumber() {
    ThresholdRule rule =
        (ThresholdRule) only("- {id: co, type: threshold, quantity: co, above: \"50\"}");
    assertThat(rule.limit()).isEqualTo(Limit.of(50));
  }

  @Test
  void neighbourDefaults() {
    assertThat(only("- {id: pm, type: neighbour}"))
        .isEqualTo(
            new NeighbourRule(
                "pm",
                Severity.MAJOR,
                true,
                Quantity.PM2_5,
                3,
                0.30,
                Duration.ofMinutes(10),
                3,
                10,
                0));
  }

  @Test
  void neighbourExplicit() {
    assertThat(
            only(
                """
                - {id: pm10, type: neighbour, severity: minor, quantity: pm10, k: 5, ratio: 0.5,
                   window: 15m, quorum: 4, maxDistanceKm: 2.5, minExcess: 12}
                """))
        .isEqualTo(
            new NeighbourRule(
                "pm10",
                Severity.MINOR,
                true,
                Quantity.PM10,
                5,
                0.5,
                Duration.ofMinutes(15),
                4,
                2.5,
                12));
  }

  @Test
  void neighbourQuorumDefaultsToKWhenKIsSmall() {
    NeighbourRule rule = (NeighbourRule) only("- {id: pm, type: neighbour, k: 2}");
    assertThat(rule.quorum()).isEqualTo(2);
  }

  @Test
  void rateDefaults() {
    assertThat(only("- {id: rising, type: rate, quantity: water_level, risePerHour: 0.3}"))
        .isEqualTo(
            new RateRule(
                "rising",
                Severity.MAJOR,
                true,
                Quantity.WATER_LEVEL,
                0.3,
                null,
                Duration.ofMinutes(30)));
  }

  @Test
  void rateExplicit() {
    assertThat(
            only(
                """
                - {id: falling, type: rate, severity: critical, autoResolve: false,
                   quantity: temperature, fallPerHour: 4, window: 1h}
                """))
        .isEqualTo(
            new RateRule(
                "falling",
                Severity.CRITICAL,
                false,
                Quantity.TEMPERATURE,
                null,
                4.0,
                Duration.ofHours(1)));
  }

  @Test
  void noConsumptionDefaults() {
    assertThat(only("- {id: still, type: noConsumption}"))
        .isEqualTo(
            new NoConsumptionRule(
                "still",
                Severity.MAJOR,
                true,
                Quantity.WATER_VOLUME,
                Duration.ofHours(12),
                LocalTime.of(6, 0),
                LocalTime.of(22, 0),
                0.001,
                5));
  }

  @Test
  void noConsumptionExplicit() {
    assertThat(
            only(
                """
                - {id: still, type: noConsumption, severity: critical, quantity: water_volume,
                   hours: 8.5, activeHours: "07:30-21:15", minIncrease: 0.01, maxStep: 2}
                """))
        .isEqualTo(
            new NoConsumptionRule(
                "still",
                Severity.CRITICAL,
                true,
                Quantity.WATER_VOLUME,
                Duration.ofMinutes(510),
                LocalTime.of(7, 30),
                LocalTime.of(21, 15),
                0.01,
                2));
  }

  @Test
  void offlineDefaults() {
    assertThat(only("- {id: silent, type: offline}"))
        .isEqualTo(
            new OfflineRule(
                "silent", Severity.MINOR, true, Duration.ofMinutes(5), Duration.ofMinutes(10)));
  }

  @Test
  void offlineExplicit() {
    assertThat(
            only(
                "- {id: silent, type: offline, severity: major, minSeconds: 90,"
                    + " gatewaySeconds: 1200}"))
        .isEqualTo(
            new OfflineRule(
                "silent", Severity.MAJOR, true, Duration.ofSeconds(90), Duration.ofMinutes(20)));
  }

  @Test
  void batteryDefaults() {
    assertThat(only("- {id: battery, type: battery}"))
        .isEqualTo(new BatteryRule("battery", Severity.MINOR, true, 20, 25));
  }

  @Test
  void batteryExplicit() {
    assertThat(only("- {id: battery, type: battery, severity: info, below: 10, clearAt: 30}"))
        .isEqualTo(new BatteryRule("battery", Severity.INFO, true, 10, 30));
  }

  @Test
  void batteryClearAtDefaultStaysAtMost100() {
    assertThat(((BatteryRule) only("- {id: battery, type: battery, below: 98}")).clearAt())
        .isEqualTo(100);
  }

  @Test
  void stateDefaults() {
    assertThat(only("- {id: smoke, type: state, quantity: smoke}"))
        .isEqualTo(new StateRule("smoke", Severity.CRITICAL, true, Quantity.SMOKE));
  }

  @Test
  void stateExplicit() {
    assertThat(
            only(
                "- {id: valve, type: state, quantity: valve_open, severity: info,"
                    + " autoResolve: false}"))
        .isEqualTo(new StateRule("valve", Severity.INFO, false, Quantity.VALVE_OPEN));
  }

  // --- the bundled file ---

  @Test
  void bundledDefaultsParse() {
    RuleSet set = reader.bundledDefaults();
    assertThat(set.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(set.rules())
        .extracting(Rule::id)
        .containsExactly(
            "gas-high",
            "co-high",
            "water-level-warning",
            "pm25-above-neighbours",
            "water-level-rising",
            "no-water-use",
            "offline",
            "battery-low",
            "smoke",
            "alarm-button",
            "gas-alarm");
    assertThat(set.rule("gas-high"))
        .contains(
            new ThresholdRule(
                "gas-high",
                Severity.CRITICAL,
                true,
                Quantity.GAS,
                true,
                Limit.of(20),
                Duration.ZERO,
                null));
    assertThat(set.rule("water-level-warning"))
        .contains(
            new ThresholdRule(
                "water-level-warning",
                Severity.MAJOR,
                true,
                Quantity.WATER_LEVEL,
                true,
                Limit.level("warning"),
                Duration.ofMinutes(1),
                null));
    assertThat(set.rule("pm25-above-neighbours"))
        .contains(
            new NeighbourRule(
                "pm25-above-neighbours",
                Severity.MAJOR,
                true,
                Quantity.PM2_5,
                3,
                0.30,
                Duration.ofMinutes(10),
                3,
                10,
                0));
    assertThat(set.rule("battery-low"))
        .contains(new BatteryRule("battery-low", Severity.MINOR, true, 20, 25));
    assertThat(set.rules().stream().filter(r -> r.type() == RuleType.STATE))
        .allMatch(r -> r.severity() == Severity.CRITICAL)
        .extracting(r -> ((StateRule) r).quantity())
        .containsExactly(Quantity.SMOKE, Quantity.ALARM_BUTTON, Quantity.GAS_ALARM);
  }

  // --- broken files: each gives its exact message ---

  @Test
  void unknownTypeNamesTheAllowedOnes() {
    assertThat(
            problems(
                """
                rules:
                  - id: gas
                    type: thresold
                    quantity: gas
                """))
        .containsExactly(
            "bad.yaml:3: rules[0].type: \"thresold\" is not one of threshold, neighbour, rate,"
                + " noConsumption, offline, battery, state; did you mean \"threshold\"?");
  }

  @Test
  void edgeIsNotARuleTypeOfFiles() {
    assertThat(problems("rules:\n  - {id: e, type: edge}\n"))
        .containsExactly(
            "bad.yaml:2: rules[0].type: \"edge\" is not one of threshold, neighbour, rate,"
                + " noConsumption, offline, battery, state");
  }

  @Test
  void unknownQuantity() {
    assertThat(
            problems(
                """
                rules:
                  - id: pm
                    type: threshold
                    quantity: pm25
                    above: 75
                """))
        .containsExactly(
            "bad.yaml:4: rules[0].quantity: \"pm25\" is not one of "
                + String.join(", ", Quantity.ids())
                + "; did you mean \"pm2_5\"?");
  }

  @Test
  void thresholdOnABooleanQuantity() {
    assertThat(problems("rules:\n  - {id: s, type: threshold, quantity: smoke, above: 1}\n"))
        .containsExactly(
            "bad.yaml:2: rules[0].quantity: smoke is a boolean quantity; use a state rule");
  }

  @Test
  void stateOnANumericQuantity() {
    assertThat(problems("rules:\n  - {id: s, type: state, quantity: gas}\n"))
        .containsExactly(
            "bad.yaml:2: rules[0].quantity: gas is not a boolean quantity; a state rule watches"
                + " one of smoke, gas_alarm, alarm_button, valve_open");
  }

  @Test
  void thresholdWithBothLimits() {
    assertThat(
            problems(
                """
                rules:
                  - id: co
                    type: threshold
                    quantity: co
                    above: 50
                    below: 10
                """))
        .containsExactly("bad.yaml:6: rules[0].below: give above or below, not both");
  }

  @Test
  void thresholdWithNoLimitAndNoQuantity() {
    assertThat(
            problems(
                """
                rules:
                  - id: co
                    type: threshold
                """))
        .containsExactly(
            "bad.yaml:2: rules[0].quantity: is missing",
            "bad.yaml:2: rules[0]: give above or below");
  }

  @Test
  void clearAtOnTheWrongSideOfAnAboveLimit() {
    assertThat(
            problems(
                """
                rules:
                  - id: co
                    type: threshold
                    quantity: co
                    above: 50
                    clearAt: 60
                """))
        .containsExactly(
            "bad.yaml:6: rules[0].clearAt: 60 is above the limit 50;"
                + " an above rule clears at or below its limit");
  }

  @Test
  void clearAtOnTheWrongSideOfABelowLimit() {
    assertThat(
            problems(
                """
                rules:
                  - {id: cold, type: threshold, quantity: temperature, below: 2.5, clearAt: 1}
                """))
        .containsExactly(
            "bad.yaml:2: rules[0].clearAt: 1 is below the limit 2.5;"
                + " a below rule clears at or above its limit");
  }

  @Test
  void limitThatIsNeitherNumberNorLevel() {
    assertThat(
            problems("rules:\n  - {id: l, type: threshold, quantity: water_level, above: Red!}\n"))
        .containsExactly(
            "bad.yaml:2: rules[0].above: \"Red!\" is neither a number nor a station level name"
                + " (lower-case letters, digits, '_' and '-', starting with a letter)");
  }

  @Test
  void duplicateIdNamesTheFirstLine() {
    assertThat(
            problems(
                """
                rules:
                  - id: smoke
                    type: state
                    quantity: smoke
                  - id: smoke
                    type: state
                    quantity: gas_alarm
                """))
        .containsExactly(
            "bad.yaml:5: rules[1].id: \"smoke\" is already used (line 2);"
                + " rule ids are unique in a file");
  }

  @Test
  void badIdAndMissingId() {
    assertThat(
            problems(
                """
                rules:
                  - {id: Gas High, type: state, quantity: smoke}
                  - {type: state, quantity: smoke}
                """))
        .containsExactly(
            "bad.yaml:2: rules[0].id: \"Gas High\" is not allowed: lower-case letters, digits,"
                + " '_' and '-', starting with a letter or digit; at most 64",
            "bad.yaml:3: rules[1].id: is missing");
  }

  @Test
  void badTimeZone() {
    assertThat(problems("timeZone: Mars/Olympus\nrules: []\n"))
        .containsExactly(
            "bad.yaml:1: timeZone: \"Mars/Olympus\" is not a time zone"
                + " (a region such as Asia/Shanghai, or UTC)");
  }

  @Test
  void unknownTopLevelFieldNamesTheAllowedOnes() {
    assertThat(problems("rules: []\nescalation: 5m\n"))
        .containsExactly(
            "bad.yaml:2: escalation: unknown field; allowed here: timeZone, lateAfter, sla, rules");
  }

  @Test
  void unknownParameterSuggestsTheClosest() {
    assertThat(problems("rules:\n  - {id: pm, type: neighbour, windw: 5m}\n"))
        .containsExactly("bad.yaml:2: rules[0].windw: unknown field; did you mean \"window\"?");
  }

  @Test
  void parameterOfAnotherType() {
    assertThat(problems("rules:\n  - {id: s, type: state, quantity: smoke, forSeconds: 10}\n"))
        .containsExactly(
            "bad.yaml:2: rules[0].forSeconds: unknown field;"
                + " allowed here: id, type, severity, autoResolve, quantity");
  }

  @Test
  void slaWithAnUnknownSeverityAndABadDuration() {
    assertThat(
            problems(
                """
                sla:
                  urgent: 5m
                  major: soon
                rules: []
                """))
        .containsExactly(
            "bad.yaml:2: sla.urgent: unknown field; allowed here: critical, major, minor, info",
            "bad.yaml:3: sla.major: \"soon\" is not a duration (e.g. 500ms, 10s, 5m, 1h, 3m30s)");
  }

  @Test
  void unknownSeverity() {
    assertThat(problems("rules:\n  - {id: s, type: state, quantity: smoke, severity: high}\n"))
        .containsExactly(
            "bad.yaml:2: rules[0].severity: \"high\" is not one of critical, major, minor, info");
  }

  @Test
  void forSecondsIsWholeSecondsNotADuration() {
    assertThat(
            problems(
                "rules:\n  - {id: co, type: threshold, quantity: co, above: 50, forSeconds: 1m}\n"))
        .containsExactly("bad.yaml:2: rules[0].forSeconds: \"1m\" is not a whole number");
  }

  @Test
  void neighbourQuorumAboveKAndBadNumbers() {
    assertThat(
            problems(
                """
                rules:
                  - id: pm
                    type: neighbour
                    k: 2
                    quorum: 3
                    ratio: 0
                    maxDistanceKm: -1
                    minExcess: -2
                """))
        .containsExactly(
            "bad.yaml:5: rules[0].quorum: 3 is more than k (2); a quorum is counted among k",
            "bad.yaml:6: rules[0].ratio: 0 must be greater than 0",
            "bad.yaml:7: rules[0].maxDistanceKm: -1 must be greater than 0",
            "bad.yaml:8: rules[0].minExcess: -2 must not be negative");
  }

  @Test
  void neighbourKOutOfRange() {
    assertThat(problems("rules:\n  - {id: pm, type: neighbour, k: 51}\n"))
        .containsExactly("bad.yaml:2: rules[0].k: 51 is out of range 1..50");
  }

  @Test
  void rateNeedsExactlyOneRate() {
    assertThat(
            problems(
                """
                rules:
                  - {id: a, type: rate, quantity: water_level}
                  - {id: b, type: rate, quantity: water_level, risePerHour: 1, fallPerHour: 1}
                  - {id: c, type: rate, quantity: water_level, risePerHour: -0.5}
                """))
        .containsExactly(
            "bad.yaml:2: rules[0]: give risePerHour or fallPerHour",
            "bad.yaml:3: rules[1].fallPerHour: give risePerHour or fallPerHour, not both",
            "bad.yaml:4: rules[2].risePerHour: -0.5 must be greater than 0");
  }

  @Test
  void noConsumptionActiveHoursAndSteps() {
    assertThat(
            problems(
                """
                rules:
                  - {id: a, type: noConsumption, activeHours: "22:00-06:00"}
                  - {id: b, type: noConsumption, activeHours: "6-22"}
                  - {id: c, type: noConsumption, minIncrease: 1, maxStep: 0.5, hours: 0}
                """))
        .containsExactly(
            "bad.yaml:2: rules[0].activeHours: \"22:00-06:00\" must start before it ends,"
                + " within one day",
            "bad.yaml:3: rules[1].activeHours: \"6-22\" is not allowed: write the hours as"
                + " HH:MM-HH:MM, e.g. 06:00-22:00",
            "bad.yaml:4: rules[2].hours: 0 must be greater than 0",
            "bad.yaml:4: rules[2].maxStep: 0.5 must be greater than minIncrease (1)");
  }

  @Test
  void offlineSecondsOutOfRange() {
    assertThat(problems("rules:\n  - {id: o, type: offline, minSeconds: 0}\n"))
        .containsExactly("bad.yaml:2: rules[0].minSeconds: 0 is out of range 1..604800");
  }

  @Test
  void batteryClearAtBelowTheLimit() {
    assertThat(
            problems(
                """
                rules:
                  - id: b
                    type: battery
                    below: 30
                    clearAt: 20
                  - {id: c, type: battery, below: 120}
                """))
        .containsExactly(
            "bad.yaml:5: rules[0].clearAt: 20 is below the limit 30;"
                + " a battery event clears at or above it",
            "bad.yaml:6: rules[1].below: 120 is out of range 0..100");
  }

  @Test
  void wrongShapes() {
    assertThat(
            problems(
                """
                lateAfter: [10m]
                rules:
                  - just a string
                  - {id: x, type: state, quantity: smoke, autoResolve: maybe}
                """))
        .containsExactly(
            "bad.yaml:1: lateAfter: expected text, found a list",
            "bad.yaml:3: rules[0]: expected a mapping of fields, found \"just a string\"",
            "bad.yaml:4: rules[1].autoResolve: \"maybe\" is not true or false");
  }

  @Test
  void rulesMustBeAList() {
    assertThat(problems("rules: {id: x}\n"))
        .containsExactly("bad.yaml:1: rules: expected a list, found a mapping");
  }

  @Test
  void notYaml() {
    assertThat(problems("rules: [\n"))
        .singleElement()
        .asString()
        .startsWith("bad.yaml:2: not valid YAML: ");
  }
}
