package org.citysense.cloud.overview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.citysense.cloud.evaluate.Category;
import org.citysense.cloud.events.AuditEntry;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventStatus;
import org.citysense.cloud.notify.Notification;
import org.citysense.cloud.rules.NeighbourRule;
import org.citysense.cloud.rules.NoConsumptionRule;
import org.citysense.cloud.rules.Rule;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.profiles.quantity.Quantity;
import org.junit.jupiter.api.Test;

/**
 * What {@link EventTimeline} tells the chart for the neighbour and the welfare rule, and how it
 * merges and masks; the threshold case runs over HTTP in {@code api.EventTimelineTest}.
 */
class EventTimelineComparisonTest {
  private static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");

  private final EventTimeline timeline =
      new EventTimeline(a -> "masked(" + a + ")", station -> List.of("pm-" + station));

  @Test
  void theNeighbourRuleNamesItsNeighboursTheirDevicesAndTheRatioLine() {
    NeighbourRule rule =
        new NeighbourRule(
            "pm25", Severity.MAJOR, true, Quantity.PM2_5, 3, 0.3, Duration.ofMinutes(10), 3, 10, 2);
    Map<String, Object> details =
        Map.of(
            "quantity",
            "pm2_5",
            "neighbours",
            List.of(
                Map.of("stationId", "st-02", "distanceKm", 1.2, "mean", 30.0),
                Map.of("stationId", "st-04", "distanceKm", 2.5)));
    Event event = event("pm25", RuleType.NEIGHBOUR, "pm-st-03", details, T0);

    Timeline t = timeline.of(event, List.of(), List.of(), rules(rule), T0.plusSeconds(600));

    Comparison c = t.compared();
    assertThat(c.kind()).isEqualTo("neighbours");
    assertThat(c.device()).isEqualTo("pm-st-03");
    assertThat(c.quantity()).isEqualTo("pm2_5");
    assertThat(c.ratioLine()).isEqualTo(1.3);
    assertThat(c.neighbours())
        .containsExactly(
            new Comparison.Neighbour("st-02", 1.2, 30.0, List.of("pm-st-02")),
            new Comparison.Neighbour("st-04", 2.5, null, List.of("pm-st-04")));
    assertThat(c.chartFrom()).isEqualTo(T0.minus(Duration.ofHours(1)));
    assertThat(c.chartTo()).isEqualTo(T0.plusSeconds(600));
    assertThat(t.rule()).containsEntry("ratio", 0.3).containsEntry("type", "neighbour");
  }

  @Test
  void theWelfareRuleShowsTheFlatWindow() {
    NoConsumptionRule rule =
        new NoConsumptionRule(
            "no-water",
            Severity.MAJOR,
            false,
            Quantity.WATER_VOLUME,
            Duration.ofHours(12),
            LocalTime.of(6, 0),
            LocalTime.of(22, 0),
            0.001,
            1);
    Instant silentSince = T0.minus(Duration.ofHours(14));
    Event event =
        event(
            "no-water",
            RuleType.NO_CONSUMPTION,
            "meter-33",
            Map.of("silentSince", silentSince.toString()),
            T0);

    Comparison c = timeline.of(event, List.of(), List.of(), rules(rule), T0).compared();

    assertThat(c.kind()).isEqualTo("window");
    assertThat(c.quantity()).isEqualTo("water_volume");
    assertThat(c.windowFrom()).isEqualTo(silentSince);
    assertThat(c.windowTo()).isEqualTo(T0);
    assertThat(c.chartFrom()).isEqualTo(silentSince.minus(Duration.ofHours(1)));
  }

  @Test
  void stepsAndMessagesMergeInTimeOrderAndAReplyIsTiedToItsMessage() {
    Event event = event("gone", RuleType.THRESHOLD, "gas-07", Map.of(), T0);
    List<AuditEntry> audit =
        List.of(
            new AuditEntry(1, T0, "system", "raised", null, EventStatus.OPEN, null),
            new AuditEntry(
                1,
                T0.plusSeconds(90),
                "sms:+8613800008000",
                "family_acked",
                EventStatus.OPEN,
                EventStatus.OPEN,
                "acknowledged by the family's SMS reply"));
    List<Notification> sent =
        List.of(sms(2, "+8613800008000", T0.plusSeconds(3)), sms(3, "+8613900009000", T0));

    Timeline t = timeline.of(event, audit, sent, rules(), T0.plusSeconds(100));

    assertThat(t.entries())
        .extracting(TimelineEntry::action)
        .containsExactly("raised", "alarm", "alarm", "family_acked");
    assertThat(t.entries().get(1).delivery().address()).isEqualTo("masked(+8613900009000)");
    assertThat(t.entries().get(1).delivery().repliedAt()).isNull();
    assertThat(t.entries().get(2).delivery().repliedAt()).isEqualTo(T0.plusSeconds(90));
    assertThat(t.entries().get(2).delivery().replyAction()).isEqualTo("family_acked");
    assertThat(t.entries().get(3).actor()).isEqualTo("sms:masked(+8613800008000)");
    assertThat(t.rule()).as("a rule no longer in force").isNull();
    assertThat(t.compared().kind()).isEqualTo("none");
  }

  private static Notification sms(long id, String phone, Instant at) {
    return new Notification(
        id,
        1,
        "hc-" + id,
        "family",
        "smpp",
        phone,
        Notification.ALARM,
        0,
        Severity.CRITICAL,
        "text",
        Notification.DELIVERED,
        null,
        1,
        "p-" + id,
        at,
        at,
        at,
        null);
  }

  private static RuleSet rules(Rule... rules) {
    return new RuleSet(
        ZoneId.of("Asia/Shanghai"), Duration.ofMinutes(10), Map.of(), List.of(rules));
  }

  private static Event event(
      String ruleId, RuleType type, String device, Map<String, Object> details, Instant at) {
    return new Event(
        1,
        ruleId,
        type,
        Severity.MAJOR,
        Category.ENVIRONMENT,
        "device",
        device,
        device,
        null,
        null,
        "gw-1",
        "c-garden",
        EventStatus.OPEN,
        "summary",
        details,
        1,
        1.0,
        1.0,
        at,
        at,
        at,
        at.plus(Duration.ofHours(1)),
        false,
        false,
        false,
        false,
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
