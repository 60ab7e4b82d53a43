package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.events.MaintenanceService;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/console/map}: stations and households of the caller's units with coordinates
 * (a household's from its devices) and a state that follows the gateway's contact, the events and
 * maintenance; {@code GET /api/v1/console/settings}: no tile URL by default.
 */
@QuarkusTest
class ConsoleMapTest {
  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject Clock clock;
  @Inject MaintenanceService maintenance;

  @Test
  void markersFollowContactEventsAndMaintenance() throws Exception {
    ConsoleCommunity c = new ConsoleCommunity(dataSource, tokens, clock);
    // the gateway was never heard from: everything behind it is offline
    given()
        .auth()
        .oauth2(c.operator)
        .get("/api/v1/console/map")
        .then()
        .statusCode(200)
        .body("offlineAfterSeconds", equalTo(600))
        .body("markers.size()", equalTo(2))
        .body("markers[0].kind", equalTo("station"))
        .body("markers[0].id", equalTo(c.station))
        .body("markers[0].lat", equalTo(31.2f))
        .body("markers[0].state", equalTo("offline"))
        .body("markers[1].kind", equalTo("household"))
        .body("markers[1].id", equalTo(c.home))
        .body("markers[1].lat", equalTo(31.21f))
        .body("markers[1].lon", equalTo(121.51f))
        .body("markers[1].state", equalTo("offline"));

    c.client.send(c.client.gas(c.gas, 3.0, clock.millis() - 1000));
    Poll.until("the gateway's contact", ConsoleCommunity.WAIT, () -> state(c, 1).equals("ok"));
    c.client.send(c.client.gas(c.gas, 30.0, clock.millis() - 500));
    c.awaitEvent(c.gas);
    maintenance.start(c.pm, clock.instant().plus(Duration.ofHours(1)), "tech", "filter change");
    given()
        .auth()
        .oauth2(c.viewer)
        .get("/api/v1/console/map")
        .then()
        .statusCode(200)
        .body("markers[0].state", equalTo("maintenance"))
        .body("markers[0].devicesInMaintenance", equalTo(1))
        .body("markers[1].state", equalTo("alarm"))
        .body("markers[1].activeEvents", equalTo(1));

    // community B has no station or household; it sees none of A's
    given()
        .auth()
        .oauth2(c.otherOperator)
        .get("/api/v1/console/map")
        .then()
        .statusCode(200)
        .body("markers.size()", equalTo(0));
    given()
        .auth()
        .oauth2(c.otherOperator)
        .queryParam("unit", c.community)
        .get("/api/v1/console/map")
        .then()
        .statusCode(403);
    given().auth().oauth2(c.family).get("/api/v1/console/map").then().statusCode(403);
  }

  @Test
  void settingsNameNoTileUrlByDefault() {
    ConsoleCommunity c = new ConsoleCommunity(dataSource, tokens, clock);
    given()
        .auth()
        .oauth2(c.viewer)
        .get("/api/v1/console/settings")
        .then()
        .statusCode(200)
        .body("tileUrl", nullValue());
    given().auth().oauth2(c.family).get("/api/v1/console/settings").then().statusCode(403);
    given().get("/api/v1/console/settings").then().statusCode(401);
  }

  private static String state(ConsoleCommunity c, int marker) {
    return given()
        .auth()
        .oauth2(c.operator)
        .get("/api/v1/console/map")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getString("markers[" + marker + "].state");
  }
}
