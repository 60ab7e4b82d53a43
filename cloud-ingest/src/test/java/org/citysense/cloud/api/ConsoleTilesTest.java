package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.events.MaintenanceService;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/console/tiles}: counts of the caller's units only; a gateway never heard from
 * is offline with its devices; an event leaves the unacknowledged count when acknowledged; a failed
 * notification of the units' events counts for 24 h.
 */
@QuarkusTest
class ConsoleTilesTest {
  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject Clock clock;
  @Inject MaintenanceService maintenance;

  @Test
  void tilesCountTheCallersUnits() throws Exception {
    ConsoleCommunity c = new ConsoleCommunity(dataSource, tokens, clock);
    c.client.send(c.client.gas(c.gas, 30.0, clock.millis() - 1000));
    long event = c.awaitEvent(c.gas);
    maintenance.start(c.pm, clock.instant().plus(Duration.ofHours(1)), "tech", "filter change");
    failedNotification(event, clock.instant().minus(Duration.ofHours(1)));
    failedNotification(event, clock.instant().minus(Duration.ofHours(25)));

    given()
        .auth()
        .oauth2(c.operator)
        .get("/api/v1/console/tiles")
        .then()
        .statusCode(200)
        .body("gateways.total", equalTo(1))
        .body("gateways.online", equalTo(1))
        .body("gateways.offlineAfterSeconds", equalTo(600))
        .body("devices.total", equalTo(2))
        .body("devices.online", equalTo(2))
        .body("devices.maintenance", equalTo(1))
        .body("openBySeverity.critical", equalTo(1))
        .body("unacknowledged", equalTo(1))
        .body("oldestUnacknowledgedAt", notNullValue())
        .body("notificationsFailed24h", equalTo(1))
        .body("closure.raised", equalTo(1))
        .body("closure.closureRate", equalTo(0.0f));

    // the street's admin view takes in community B: its gateway was never heard from
    given()
        .auth()
        .oauth2(c.admin)
        .queryParam("unit", c.street)
        .get("/api/v1/console/tiles")
        .then()
        .statusCode(200)
        .body("gateways.total", equalTo(2))
        .body("gateways.offline", equalTo(1))
        .body("devices.total", equalTo(3))
        .body("devices.offline", equalTo(1));

    given()
        .auth()
        .oauth2(c.operator)
        .contentType("application/json")
        .body("{\"note\":\"on my way\"}")
        .post("/api/v1/events/" + event + "/ack")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(c.viewer)
        .get("/api/v1/console/tiles")
        .then()
        .statusCode(200)
        .body("openBySeverity.critical", equalTo(1))
        .body("unacknowledged", equalTo(0))
        .body("oldestUnacknowledgedAt", nullValue());

    // community B's operator sees none of A; nobody reaches outside their units
    given()
        .auth()
        .oauth2(c.otherOperator)
        .get("/api/v1/console/tiles")
        .then()
        .statusCode(200)
        .body("gateways.total", equalTo(1))
        .body("devices.offline", equalTo(1))
        .body("unacknowledged", equalTo(0))
        .body("notificationsFailed24h", equalTo(0));
    given()
        .auth()
        .oauth2(c.otherOperator)
        .queryParam("unit", c.community)
        .get("/api/v1/console/tiles")
        .then()
        .statusCode(403);
    given().auth().oauth2(c.family).get("/api/v1/console/tiles").then().statusCode(403);
  }

  private void failedNotification(long event, java.time.Instant at) throws Exception {
    try (Connection db = dataSource.getConnection();
        PreparedStatement s =
            db.prepareStatement(
                "INSERT INTO notifications (event_id, recipient_id, recipient_role, channel,"
                    + " address, kind, escalation_level, severity, text, status, reason, attempts,"
                    + " created_at, updated_at) VALUES (?, 'r1', 'family', 'smpp',"
                    + " '+8613800000203', 'alarm', 0, 'critical', 'gas', 'failed', 'undeliverable',"
                    + " 1, ?, ?)")) {
      OffsetDateTime t = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
      s.setLong(1, event);
      s.setObject(2, t);
      s.setObject(3, t);
      s.executeUpdate();
    }
  }
}
