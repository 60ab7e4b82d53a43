package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.citysense.cloud.auth.TokenService;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/readings/aggregate}: buckets of the store over HTTP, scoped as the readings
 * are; a too narrow {@code every} is widened and says so; bad parameters are named.
 */
@QuarkusTest
class ReadingAggregateTest {
  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject Clock clock;

  @Test
  void bucketsOfOneDeviceForWhoMaySeeIt() throws Exception {
    ConsoleCommunity c = new ConsoleCommunity(dataSource, tokens, clock);
    // three readings in the first minute of an hour an hour ago, one in its sixth minute
    long hour = (clock.millis() / 3_600_000L - 1) * 3_600_000L;
    c.client.send(
        c.client.gas(c.gas, 2.0, hour + 1000),
        c.client.gas(c.gas, 4.0, hour + 20_000),
        c.client.gas(c.gas, 9.0, hour + 40_000),
        c.client.gas(c.gas, 5.0, hour + 5 * 60_000 + 1000));
    String from = Instant.ofEpochMilli(hour).toString();
    String to = Instant.ofEpochMilli(hour + 3_600_000L).toString();
    Poll.until(
        "the readings to be stored",
        ConsoleCommunity.WAIT,
        () ->
            given()
                    .auth()
                    .oauth2(c.operator)
                    .queryParam("device", c.gas)
                    .queryParam("from", from)
                    .queryParam("to", to)
                    .get("/api/v1/readings")
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("$")
                    .size()
                == 4);

    given()
        .auth()
        .oauth2(c.family)
        .queryParam("device", c.gas)
        .queryParam("quantity", "gas")
        .queryParam("from", from)
        .queryParam("to", to)
        .queryParam("every", "5m")
        .get("/api/v1/readings/aggregate")
        .then()
        .statusCode(200)
        .body("every", equalTo("5m"))
        .body("requestedEvery", nullValue())
        .body("buckets.size()", equalTo(2))
        .body("buckets[0].t", equalTo(from))
        .body("buckets[0].min", equalTo(2.0f))
        .body("buckets[0].mean", equalTo(5.0f))
        .body("buckets[0].max", equalTo(9.0f))
        .body("buckets[0].count", equalTo(3))
        .body("buckets[1].count", equalTo(1));

    // an hour in 1-second buckets is 3,601 of them, more than 2,000: widened to 5 s
    given()
        .auth()
        .oauth2(c.viewer)
        .queryParam("device", c.gas)
        .queryParam("quantity", "gas")
        .queryParam("from", from)
        .queryParam("to", to)
        .queryParam("every", "1s")
        .get("/api/v1/readings/aggregate")
        .then()
        .statusCode(200)
        .body("every", equalTo("5s"))
        .body("requestedEvery", equalTo("1s"))
        .body("buckets.size()", equalTo(4));
    // without every: the narrowest step giving at most 500 buckets (an hour: 10 s)
    given()
        .auth()
        .oauth2(c.operator)
        .queryParam("device", c.gas)
        .queryParam("quantity", "gas")
        .queryParam("from", from)
        .queryParam("to", to)
        .get("/api/v1/readings/aggregate")
        .then()
        .statusCode(200)
        .body("every", equalTo("10s"));

    for (String[] bad :
        new String[][] {
          {"every", "5 minutes"}, {"quantity", "smell"}, {"from", "yesterday"}, {"every", "0m"}
        }) {
      Map<String, String> query = new HashMap<>(Map.of("device", c.gas, "quantity", "gas"));
      query.put(bad[0], bad[1]);
      given()
          .auth()
          .oauth2(c.operator)
          .queryParams(query)
          .get("/api/v1/readings/aggregate")
          .then()
          .statusCode(400)
          .body("field", equalTo(bad[0]));
    }
    given()
        .auth()
        .oauth2(c.operator)
        .queryParam("device", c.gas)
        .get("/api/v1/readings/aggregate")
        .then()
        .statusCode(400)
        .body("field", equalTo("quantity"));
    given()
        .auth()
        .oauth2(c.operator)
        .queryParam("quantity", "gas")
        .get("/api/v1/readings/aggregate")
        .then()
        .statusCode(400)
        .body("field", equalTo("device"));
    given()
        .auth()
        .oauth2(c.otherOperator)
        .queryParam("device", c.gas)
        .queryParam("quantity", "gas")
        .get("/api/v1/readings/aggregate")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(c.family)
        .queryParam("device", c.pm)
        .queryParam("quantity", "pm2_5")
        .get("/api/v1/readings/aggregate")
        .then()
        .statusCode(404);
    // a device of no household is another household's for a family, not an error
    given().auth().oauth2(c.family).get("/api/v1/devices/" + c.pm).then().statusCode(404);
    given()
        .auth()
        .oauth2(c.family)
        .queryParam("device", c.pm)
        .get("/api/v1/readings")
        .then()
        .statusCode(404);
  }
}
