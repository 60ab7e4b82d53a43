package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import javax.sql.DataSource;
import org.citysense.cloud.auth.TokenService;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/rules/status/stations}: the neighbour rule's last judgement of a station of
 * the caller's units, with its reason; nothing of another community's stations.
 */
@QuarkusTest
class RuleStationStatusTest {
  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject Clock clock;

  @Test
  void theNeighbourRuleSaysWhatItMadeOfEachStation() throws Exception {
    ConsoleCommunity c = new ConsoleCommunity(dataSource, tokens, clock);
    c.client.send(
        c.client.reading(c.pm, "pm2_5", Quantity.PM2_5, 40.0, "µg/m³", clock.millis() - 1000));
    Poll.until(
        "the neighbour rule to judge " + c.station,
        ConsoleCommunity.WAIT,
        () ->
            given()
                    .auth()
                    .oauth2(c.operator)
                    .get("/api/v1/rules/status/stations")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("$")
                    .size()
                == 1);
    // other tests' stations may lie within reach: the outcome depends on them, the shape does not
    given()
        .auth()
        .oauth2(c.viewer)
        .queryParam("station", c.station)
        .get("/api/v1/rules/status/stations")
        .then()
        .statusCode(200)
        .body("size()", equalTo(1))
        .body("[0].stationId", equalTo(c.station))
        .body("[0].stationName", equalTo("East gate"))
        .body("[0].unitId", equalTo(c.community))
        .body("[0].ruleId", equalTo("pm25-above-neighbours"))
        .body("[0].type", equalTo("neighbour"))
        .body("[0].note", containsString(c.station + " at "));
    given()
        .auth()
        .oauth2(c.otherOperator)
        .get("/api/v1/rules/status/stations")
        .then()
        .statusCode(200)
        .body("size()", equalTo(0));
    given()
        .auth()
        .oauth2(c.otherOperator)
        .queryParam("unit", c.community)
        .get("/api/v1/rules/status/stations")
        .then()
        .statusCode(403);
    given().auth().oauth2(c.family).get("/api/v1/rules/status/stations").then().statusCode(403);
  }
}
