package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.citysense.cloud.api.RegistryResourceTest.post;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenService;
import org.junit.jupiter.api.Test;

/**
 * Refused enrollment codes are throttled per client address: the fourth try within the window is
 * 429 with Retry-After, whatever the code, while another address enrolls. Addresses come from
 * X-Forwarded-For, as behind the reverse proxy.
 */
@QuarkusTest
@TestProfile(EnrollmentThrottlingTest.ThreeFailures.class)
class EnrollmentThrottlingTest {
  public static class ThreeFailures implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "citysense.enrollment.max-failures", "3",
          "citysense.enrollment.failure-window", "1H",
          "citysense.console.max-failed-sign-ins", "3",
          "citysense.console.failed-sign-in-window", "1H",
          "quarkus.http.proxy.proxy-address-forwarding", "true",
          "quarkus.http.proxy.allow-x-forwarded", "true");
    }
  }

  @Inject TokenService tokens;

  private static ValidatableResponse enroll(String from, String code) {
    return given()
        .header("X-Forwarded-For", from)
        .contentType(ContentType.JSON)
        .body(Map.of("code", code, "name", "gateway"))
        .post("/api/v1/gateways/enroll")
        .then();
  }

  private String code(String admin, String unit) {
    return post(admin, "/api/v1/enrollments", Map.of("unitId", unit))
        .statusCode(201)
        .extract()
        .path("code");
  }

  @Test
  void anAddressThatGuessesIsHeldOffWhileAnotherEnrolls() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String admin = tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret();
    RegistryResourceTest.tree(admin, run);
    String guesser = "198.51.100." + (1 + Math.floorMod(run.hashCode(), 200));
    String installer = "203.0.113." + (1 + Math.floorMod(run.hashCode(), 200));

    for (int i = 0; i < 3; i++) {
      enroll(guesser, "ZZZZ-ZZZZ-ZZZZ-ZZZ" + i).statusCode(400);
    }
    enroll(guesser, code(admin, "c-" + run))
        .statusCode(429)
        .header("Retry-After", Integer::parseInt, allOf(greaterThan(0), lessThanOrEqualTo(3600)))
        .body("field", equalTo("code"))
        .body("error", containsString("too many refused enrollment codes"));

    enroll(installer, code(admin, "c-" + run)).statusCode(201);
  }
}
