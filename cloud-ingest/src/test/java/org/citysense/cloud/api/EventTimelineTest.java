package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.events.EventService;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/events/{id}/timeline}: raised, the SMS and the reply that acknowledged it,
 * assigned, resolved and closed with their notes, in time order; numbers masked; the threshold rule
 * explained with its limit. Outside the caller's units the event does not exist.
 */
@QuarkusTest
class EventTimelineTest {
  private static final String PHONE = "+8613800000203";
  private static final String MASKED = "+86 138****0203";

  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject Clock clock;
  @Inject EventService events;

  @Test
  void theTimelineTellsTheEventsLifeInOrder() throws Exception {
    ConsoleCommunity c = new ConsoleCommunity(dataSource, tokens, clock);
    c.client.send(c.client.gas(c.gas, 30.0, clock.millis() - 1000));
    long event = c.awaitEvent(c.gas);
    sms(event);
    // the family's phone replies "1": the audit names the number, the message shows the reply
    events.acknowledge(event, "sms:" + PHONE, "acknowledged by SMS reply");
    step(c, event, "assign", Map.of("assignee", "grid worker Li", "note", "nearest"));
    step(c, event, "resolve", Map.of("note", "valve closed"));
    step(c, event, "close", Map.of("note", "checked"));

    JsonPath timeline =
        given()
            .auth()
            .oauth2(c.viewer)
            .get("/api/v1/events/" + event + "/timeline")
            .then()
            .statusCode(200)
            .body("eventId", equalTo((int) event))
            .body("rule.id", equalTo("gas-high"))
            .body("rule.above", equalTo(20))
            .body("compared.kind", equalTo("threshold"))
            .body("compared.limit", equalTo(20.0f))
            .body("compared.direction", equalTo("above"))
            .body("compared.device", equalTo(c.gas))
            .body("compared.quantity", equalTo("gas"))
            .extract()
            .jsonPath();
    List<String> actions = timeline.getList("entries.action");
    assertThat(actions)
        .containsExactly("raised", "alarm", "acknowledged", "assigned", "resolved", "closed");
    assertThat(timeline.getString("entries[1].type")).isEqualTo("notification");
    assertThat(timeline.getString("entries[1].delivery.address")).isEqualTo(MASKED);
    assertThat(timeline.getString("entries[1].delivery.status")).isEqualTo("delivered");
    assertThat(timeline.getString("entries[1].delivery.replyAction")).isEqualTo("acknowledged");
    assertThat(timeline.getString("entries[2].actor")).isEqualTo("sms:" + MASKED);
    assertThat(timeline.getString("entries[3].note")).isEqualTo("grid worker Li: nearest");
    assertThat(timeline.getString("entries[5].note")).isEqualTo("checked");
    assertThat(timeline.prettify()).doesNotContain(PHONE);

    given()
        .auth()
        .oauth2(c.otherOperator)
        .get("/api/v1/events/" + event + "/timeline")
        .then()
        .statusCode(404);
    given().auth().oauth2(c.operator).get("/api/v1/events/no-such/timeline").then().statusCode(404);
    given()
        .auth()
        .oauth2(c.family)
        .get("/api/v1/events/" + event + "/timeline")
        .then()
        .statusCode(403);
  }

  private static void step(ConsoleCommunity c, long event, String action, Map<String, ?> body) {
    given()
        .auth()
        .oauth2(c.operator)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/events/" + event + "/" + action)
        .then()
        .statusCode(200);
  }

  /** An SMS to the family, as the notifier logs it once the provider's receipt came. */
  private void sms(long event) throws Exception {
    try (Connection db = dataSource.getConnection();
        PreparedStatement s =
            db.prepareStatement(
                "INSERT INTO notifications (event_id, recipient_id, recipient_role, channel,"
                    + " address, kind, escalation_level, severity, text, status, attempts,"
                    + " created_at, updated_at, submitted_at) VALUES (?, 'r1', 'family', 'smpp',"
                    + " ?, 'alarm', 0, 'critical', 'gas', 'delivered', 1, ?, ?, ?)")) {
      OffsetDateTime t = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
      s.setLong(1, event);
      s.setString(2, PHONE);
      s.setObject(3, t);
      s.setObject(4, t);
      s.setObject(5, t);
      s.executeUpdate();
    }
  }
}
