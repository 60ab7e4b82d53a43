package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.cloud.api.RegistryResourceTest.get;
import static org.citysense.cloud.api.RegistryResourceTest.post;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenScope;
import org.citysense.cloud.auth.TokenService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Enrollment over HTTP: an operator's one-time code becomes a gateway id and token once; that token
 * registers devices of its own gateway only.
 */
@QuarkusTest
class GatewayEnrollmentTest {
  @Inject TokenService tokens;

  private String run;
  private String admin;
  private String operator;

  @BeforeEach
  void community() {
    run = UUID.randomUUID().toString().substring(0, 8);
    admin = tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret();
    RegistryResourceTest.tree(admin, run);
    operator = tokens.issue(Role.OPERATOR, "op-" + run, "c-" + run, null).secret();
  }

  private String code(String token, String unitId) {
    return post(token, "/api/v1/enrollments", Map.of("unitId", unitId, "ttlMinutes", 30))
        .statusCode(201)
        .body("unitId", equalTo(unitId))
        .extract()
        .path("code");
  }

  private static ValidatableResponse enroll(String code) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("code", code, "name", "gateway at the school"))
        .when()
        .post("/api/v1/gateways/enroll")
        .then();
  }

  @Test
  void aCodeEnrollsOneGatewayOnce() {
    String code = code(operator, "c-" + run);

    var enrolled =
        enroll(code)
            .statusCode(201)
            .body("unitId", equalTo("c-" + run))
            .body("gatewayId", startsWith("gw-"))
            .body("token", startsWith("cs_"))
            .extract();
    String gateway = enrolled.path("gatewayId");
    get(admin, "/api/v1/gateways?unit=c-" + run).statusCode(200).body("id", hasItem(gateway));

    enroll(code)
        .statusCode(409)
        .body("field", equalTo("code"))
        .body("error", containsString("used already"));
    enroll("ZZZZ-ZZZZ-ZZZZ-ZZZZ")
        .statusCode(400)
        .body("error", containsString("unknown enrollment code"));
  }

  @Test
  void anOperatorMakesCodesForItsOwnCommunityOnly() {
    post(operator, "/api/v1/enrollments", Map.of("unitId", "c2-" + run, "ttlMinutes", 30))
        .statusCode(403)
        .body("error", containsString("c2-" + run));
    String viewer =
        tokens.issue(Role.VIEWER, "viewer-" + run, TokenScope.wholeDeployment()).secret();
    post(viewer, "/api/v1/enrollments", Map.of("unitId", "c-" + run))
        .statusCode(403)
        .body("error", containsString("viewer"));
    post(admin, "/api/v1/enrollments", Map.of("unitId", "c-" + run, "ttlMinutes", 0))
        .statusCode(400)
        .body("field", equalTo("ttlMinutes"));
  }

  @Test
  void aCodeLivesAWeekAtMost() {
    post(admin, "/api/v1/enrollments", Map.of("unitId", "c-" + run, "ttlMinutes", 7 * 24 * 60 + 1))
        .statusCode(400)
        .body("field", equalTo("ttlMinutes"))
        .body("error", containsString("10080 minutes"));
    post(admin, "/api/v1/enrollments", Map.of("unitId", "c-" + run, "ttlMinutes", 7 * 24 * 60))
        .statusCode(201);
  }

  @Test
  void aCodeIsSixteenTypeableCharactersInGroupsOfFour() {
    String code = code(admin, "c-" + run);
    // Crockford's base32: 5 bits a character, so 80 bits; no I, L, O or U
    assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}");
    // typed back in lower case, without dashes
    enroll(code.replace("-", "").toLowerCase(Locale.ROOT)).statusCode(201);
  }

  @Test
  void aGatewayRegistersItsOwnDevicesOnly() {
    var mine = enroll(code(admin, "c-" + run)).statusCode(201).extract();
    String gateway = mine.path("gatewayId");
    String token = mine.path("token");
    String other = enroll(code(admin, "c-" + run)).statusCode(201).extract().path("gatewayId");

    post(
            token,
            "/api/v1/gateways/" + gateway + "/devices",
            Map.of("id", "pm-" + run, "profile", "pm25-rs485", "unitId", "c-" + run))
        .statusCode(201)
        .body("gatewayId", equalTo(gateway));
    get(admin, "/api/v1/devices/pm-" + run).statusCode(200).body("gatewayId", equalTo(gateway));

    post(
            token,
            "/api/v1/gateways/" + other + "/devices",
            Map.of("id", "pm2-" + run, "profile", "pm25-rs485"))
        .statusCode(403)
        .body("error", containsString("for itself only"));
    // nor may it touch the registry at large
    post(token, "/api/v1/stations", Map.of("id", "st-" + run, "unitId", "c-" + run, "name", "x"))
        .statusCode(403)
        .body("error", containsString("gateway token"));
  }
}
