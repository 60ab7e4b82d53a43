package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.quarkus.test.junit.QuarkusTest;
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
 * Failed sign-ins are throttled per client address: past three within the window, 429 with
 * Retry-After even with the right password, while another address signs in. Counted apart from
 * enrollment codes (same profile as {@link EnrollmentThrottlingTest}, so the app starts once).
 */
@QuarkusTest
@TestProfile(EnrollmentThrottlingTest.ThreeFailures.class)
class SignInThrottlingTest {
  private static final String PASSWORD = "a long enough password";

  @Inject TokenService tokens;

  private static ValidatableResponse signIn(String from, String username, String password) {
    return given()
        .header("X-Forwarded-For", from)
        .contentType(ContentType.JSON)
        .body(Map.of("username", username, "password", password))
        .post("/api/v1/session")
        .then();
  }

  @Test
  void anAddressThatGuessesIsHeldOffWhileAnotherSignsIn() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String admin = tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret();
    String user = "v-" + run;
    given()
        .auth()
        .oauth2(admin)
        .contentType(ContentType.JSON)
        .body(Map.of("username", user, "password", PASSWORD, "role", "viewer", "allUnits", true))
        .post("/api/v1/accounts")
        .then()
        .statusCode(201);
    String guesser = "198.51.100." + (1 + Math.floorMod(run.hashCode() + 7, 200));
    String owner = "203.0.113." + (1 + Math.floorMod(run.hashCode() + 7, 200));

    for (int i = 0; i < 3; i++) {
      signIn(guesser, user, "wrong password " + i).statusCode(401);
    }
    signIn(guesser, user, PASSWORD)
        .statusCode(429)
        .header("Retry-After", Integer::parseInt, allOf(greaterThan(0), lessThanOrEqualTo(3600)))
        .body("error", containsString("too many failed sign-ins"));
    signIn(owner, user, PASSWORD).statusCode(200).body("username", equalTo(user));
  }
}
