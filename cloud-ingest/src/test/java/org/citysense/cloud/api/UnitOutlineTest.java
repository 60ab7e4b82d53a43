package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import javax.sql.DataSource;
import org.citysense.cloud.auth.TokenService;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/units/{id}/outline} and {@code GET /api/v1/console/outlines}: an admin uploads a
 * checked GeoJSON outline; the unit's readers get it back, alone or with the others of their units;
 * a bad outline is refused with the field that is wrong.
 */
@QuarkusTest
class UnitOutlineTest {
  private static final String SQUARE =
      "[[121.50,31.20],[121.52,31.20],[121.52,31.22],[121.50,31.22],[121.50,31.20]]";

  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject Clock clock;

  @Test
  void anAdminUploadsAnOutlineItsReadersGetIt() {
    ConsoleCommunity c = new ConsoleCommunity(dataSource, tokens, clock);
    String path = "/api/v1/units/" + c.community + "/outline";
    given().auth().oauth2(c.operator).get(path).then().statusCode(404);

    given()
        .auth()
        .oauth2(c.admin)
        .contentType("application/geo+json")
        .body(
            "{\"type\":\"Feature\",\"properties\":{\"name\":\"A\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":["
                + SQUARE
                + "]}}")
        .put(path)
        .then()
        .statusCode(200)
        .body("type", equalTo("Feature"))
        .body("properties.unitId", equalTo(c.community))
        .body("geometry.type", equalTo("Polygon"))
        .body("geometry.coordinates[0].size()", equalTo(5));
    given()
        .auth()
        .oauth2(c.viewer)
        .get(path)
        .then()
        .statusCode(200)
        .body("geometry.coordinates[0][2][1]", equalTo(31.22f));
    given()
        .auth()
        .oauth2(c.operator)
        .get("/api/v1/console/outlines")
        .then()
        .statusCode(200)
        .body("type", equalTo("FeatureCollection"))
        .body("features.size()", equalTo(1))
        .body("features[0].properties.unitId", equalTo(c.community));
    given()
        .auth()
        .oauth2(c.otherOperator)
        .get("/api/v1/console/outlines")
        .then()
        .statusCode(200)
        .body("features.size()", equalTo(0));
    given().auth().oauth2(c.otherOperator).get(path).then().statusCode(403);
    given().auth().oauth2(c.family).get(path).then().statusCode(403);
    given()
        .auth()
        .oauth2(c.operator)
        .contentType("application/json")
        .body("{\"type\":\"Polygon\",\"coordinates\":[" + SQUARE + "]}")
        .put(path)
        .then()
        .statusCode(403);
    // a MultiPolygon geometry alone replaces it
    given()
        .auth()
        .oauth2(c.admin)
        .contentType("application/json")
        .body("{\"type\":\"MultiPolygon\",\"coordinates\":[[" + SQUARE + "]]}")
        .put(path)
        .then()
        .statusCode(200)
        .body("geometry.type", equalTo("MultiPolygon"));
  }

  @Test
  void aBadOutlineIsRefusedNamingTheField() {
    ConsoleCommunity c = new ConsoleCommunity(dataSource, tokens, clock);
    String path = "/api/v1/units/" + c.community + "/outline";
    String[][] bad = {
      {
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[]}}",
        "geometry.type"
      },
      {"{\"type\":\"Feature\"}", "geometry"},
      {
        "{\"type\":\"Polygon\",\"coordinates\":[[[121.5,31.2],[121.6,31.2],[121.6,31.3],[121.5,31.3]]]}",
        "coordinates[0]"
      },
      {
        "{\"type\":\"Polygon\",\"coordinates\":[[[121.5,95],[121.6,31.2],[121.6,31.3],[121.5,95]]]}",
        "coordinates[0][0]"
      },
      {"{\"type\":\"MultiPolygon\",\"coordinates\":[[[[1,2],[3,4]]]]}", "coordinates[0][0]"},
      {"{\"type\":\"Polygon\"}", "coordinates"},
      {"not json", "body"},
    };
    for (String[] b : bad) {
      given()
          .auth()
          .oauth2(c.admin)
          .contentType("application/json")
          .body(b[0])
          .put(path)
          .then()
          .statusCode(400)
          .body("field", equalTo(b[1]))
          .body("error", containsString(b[1]));
    }
    String huge =
        "{\"type\":\"Polygon\",\"coordinates\":["
            + SQUARE
            + "],\"pad\":\""
            + "x".repeat(1_100_000)
            + "\"}";
    given()
        .auth()
        .oauth2(c.admin)
        .contentType("application/json")
        .body(huge)
        .put(path)
        .then()
        .statusCode(413)
        .body("field", equalTo("body"));
    given()
        .auth()
        .oauth2(c.admin)
        .contentType("application/json")
        .body("{\"type\":\"Polygon\",\"coordinates\":[" + SQUARE + "]}")
        .put("/api/v1/units/no-such-unit/outline")
        .then()
        .statusCode(404);
  }
}
