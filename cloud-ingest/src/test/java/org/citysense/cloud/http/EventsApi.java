package org.citysense.cloud.http;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.citysense.testsupport.Poll;

/** The alert API as whole-service tests wait on it. */
public final class EventsApi {
  private EventsApi() {}

  /**
   * Waits until {@code GET /api/v1/events?unit=} lists an event that {@code wanted} picks, as
   * {@code token} sees them; its id.
   */
  public static long awaitEvent(
      String token, String unit, String what, Predicate<Map<String, Object>> wanted, Duration wait)
      throws InterruptedException {
    long[] found = new long[1];
    Poll.until(
        what,
        wait,
        () -> {
          List<Map<String, Object>> items =
              given()
                  .auth()
                  .oauth2(token)
                  .queryParam("unit", unit)
                  .get("/api/v1/events")
                  .then()
                  .statusCode(200)
                  .extract()
                  .jsonPath()
                  .getList("items");
          for (Map<String, Object> e : items) {
            if (wanted.test(e)) {
              found[0] = ((Number) e.get("id")).longValue();
              return true;
            }
          }
          return false;
        },
        () ->
            given().auth().oauth2(token).queryParam("unit", unit).get("/api/v1/events").asString());
    return found[0];
  }
}
