package org.citysense.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One story the demo plays and what must come of it: an event of {@code ruleId} about {@code
 * subject} (a device or station id), an SMS to each of {@code told}, an acknowledgement by SMS
 * reply from {@code acknowledger} when there is one (a family's reply to a critical household event
 * acknowledges it for the family only: the staff still follow it), the valve written when {@code
 * valveDevice} is set.
 *
 * @param playedBy how far into the scenarios (simulated) it must have happened
 * @param sameMatter other rules whose event about the subject is the same matter (the gas
 *     detector's alarm relay beside its reading): whichever of them is raised first tells people
 *     and is the one checked; the other is acknowledged with it
 */
record Scenario(
    String name,
    String ruleId,
    String subject,
    List<People.Person> told,
    People.Person acknowledger,
    String valveDevice,
    java.time.Duration playedBy,
    List<String> sameMatter) {

  Scenario(
      String name,
      String ruleId,
      String subject,
      List<People.Person> told,
      People.Person acknowledger,
      String valveDevice,
      java.time.Duration playedBy) {
    this(name, ruleId, subject, told, acknowledger, valveDevice, playedBy, List.of());
  }

  static List<Scenario> all(java.time.Duration welfareBy) {
    java.time.Duration soon = java.time.Duration.ofHours(3);
    return List.of(
        new Scenario(
            "PM2.5 at st-03 30 % above its three neighbours",
            "pm25-above-neighbours", "st-03", List.of(People.AREA_RESPONSIBLE), null, null, soon),
        new Scenario(
            "gas leak in the elderly resident's flat h-203",
            "gas-high",
            "gas-07",
            List.of(People.GAS_FAMILY, People.GRID_WORKER),
            People.GAS_FAMILY,
            "gas-07",
            soon,
            List.of("gas-alarm")),
        new Scenario(
            "smoke in the basement (h-101)",
            "smoke",
            "smoke-01",
            List.of(People.SMOKE_FAMILY, People.GRID_WORKER),
            null,
            null,
            soon),
        new Scenario(
            "river level rising fast → flood warning",
            "water-level-rising",
            "level-river-1",
            List.of(People.AREA_RESPONSIBLE),
            null,
            null,
            soon),
        new Scenario(
            "elderly resident's water meter silent for 12 h → welfare check",
            "no-water-use",
            "meter-33",
            List.of(People.WELFARE_FAMILY, People.GRID_WORKER),
            People.WELFARE_FAMILY,
            null,
            welfareBy));
  }

  boolean matches(JsonNode event) {
    String rule = event.path("ruleId").asText();
    return (ruleId.equals(rule) || sameMatter.contains(rule))
        && (subject.equals(event.path("deviceId").asText())
            || subject.equals(event.path("stationId").asText()));
  }

  /**
   * A phone as the notification log shows it: a Chinese mobile's country code, first three and last
   * four digits ({@code +86 138****0203}).
   */
  static String masked(String phone) {
    return "+86 " + phone.substring(3, 6) + "****" + phone.substring(phone.length() - 4);
  }
}
