package org.citysense.cloud.broker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.Unit;
import org.citysense.cloud.registry.UnitRepository;
import org.citysense.testsupport.MosquittoServer;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gateway tokens and their accounts in a real Mosquitto with the dynamic security plugin, over the
 * HTTP API: a token issued (by an admin or by enrollment) logs in to the broker and publishes on
 * its gateway's topic; revoked, its open connection is dropped and it cannot log in again. With the
 * broker away, no gateway token is issued (503), and a revocation the broker missed is carried out
 * when it is back.
 */
@QuarkusTest
@WithTestResource(DynsecBroker.class)
class BrokerAccountsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Inject DataSource dataSource;
  @Inject TokenService tokens;

  MosquittoServer broker;

  private String run;
  private String admin;
  private MqttPeer peer;

  @BeforeEach
  void aCommunity() {
    run = UUID.randomUUID().toString().substring(0, 8);
    UnitRepository units = new UnitRepository(dataSource);
    units.create(new Unit("d-" + run, null, "district", "District " + run));
    units.create(new Unit("s-" + run, "d-" + run, "street", "Street"));
    units.create(new Unit("c-" + run, "s-" + run, "community", "Community"));
    admin = tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret();
    peer = new MqttPeer(broker.port());
  }

  @Test
  void aRevokedGatewayIsDroppedAndRefusedByTheBroker() throws Exception {
    String gateway = new GatewayRepository(dataSource).create("c-" + run, "gateway").id();
    ExtractableResponse<Response> issued = issueGatewayToken(gateway).statusCode(201).extract();
    String token = issued.path("token");
    String tokenId = issued.path("info.id");

    MqttPeer.Published before = peer.publish(gateway, token);
    assertThat(before.accepted()).as(before.output()).isTrue();
    // a wrong token is refused at login
    assertThat(peer.publish(gateway, "cs_wrong").refusedAtConnect()).isTrue();

    Path out = Files.createTempFile("citysense-gateway", ".out");
    Process connected = peer.listen(gateway, token, out);
    try {
      given().auth().oauth2(admin).delete("/api/v1/tokens/" + tokenId).then().statusCode(204);

      assertThat(connected.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("the open connection is dropped: %s", MqttPeer.read(out))
          .isTrue();
      MqttPeer.Published after = peer.publish(gateway, token);
      assertThat(after.accepted()).as(after.output()).isFalse();
      assertThat(after.refusedAtConnect()).as(after.output()).isTrue();
    } finally {
      connected.destroy();
      Files.deleteIfExists(out);
    }
  }

  @Test
  void anEnrolledGatewayPublishesAndANewTokenReplacesTheOldOnTheBroker() throws Exception {
    String code =
        given()
            .auth()
            .oauth2(admin)
            .contentType(ContentType.JSON)
            .body(Map.of("unitId", "c-" + run, "ttlMinutes", 30))
            .post("/api/v1/enrollments")
            .then()
            .statusCode(201)
            .extract()
            .path("code");
    ExtractableResponse<Response> enrolled =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("code", code, "name", "gateway at the school"))
            .post("/api/v1/gateways/enroll")
            .then()
            .statusCode(201)
            .extract();
    String gateway = enrolled.path("gatewayId");
    String first = enrolled.path("token");
    assertThat(peer.publish(gateway, first).accepted()).isTrue();

    // rotation: the new token's account replaces the old one's
    ExtractableResponse<Response> issued = issueGatewayToken(gateway).statusCode(201).extract();
    String second = issued.path("token");
    assertThat(peer.publish(gateway, second).accepted()).isTrue();
    assertThat(peer.publish(gateway, first).refusedAtConnect()).isTrue();

    // revoking the old token leaves the new one's account alone
    String firstId =
        given()
            .auth()
            .oauth2(admin)
            .get("/api/v1/tokens")
            .then()
            .extract()
            .jsonPath()
            .getString(
                "find { it.gatewayId == '"
                    + gateway
                    + "' && it.id != '"
                    + issued.path("info.id")
                    + "' }.id");
    given().auth().oauth2(admin).delete("/api/v1/tokens/" + firstId).then().statusCode(204);
    assertThat(peer.publish(gateway, second).accepted()).isTrue();
  }

  @Test
  void withTheBrokerAwayNoGatewayTokenIsIssuedAndARevocationIsCarriedOutWhenItIsBack()
      throws Exception {
    String gateway = new GatewayRepository(dataSource).create("c-" + run, "gateway").id();
    ExtractableResponse<Response> issued = issueGatewayToken(gateway).statusCode(201).extract();
    String token = issued.path("token");
    String tokenId = issued.path("info.id");
    assertThat(peer.publish(gateway, token).accepted()).isTrue();

    broker.close();
    try {
      String other = new GatewayRepository(dataSource).create("c-" + run, "other").id();
      issueGatewayToken(other)
          .statusCode(503)
          .header("Retry-After", "30")
          .body("error", containsString("broker"));
      given()
          .auth()
          .oauth2(admin)
          .get("/api/v1/tokens")
          .then()
          .body("gatewayId", not(hasItem(other)));

      given()
          .auth()
          .oauth2(admin)
          .delete("/api/v1/tokens/" + tokenId)
          .then()
          .statusCode(503)
          .body("error", containsString("is revoked"));
      // over HTTP the token is dead at once
      given().auth().oauth2(token).get("/api/v1/devices").then().statusCode(401);
    } finally {
      broker.start();
    }
    // the broker kept the account (its JSON file); the reconciliation removes it
    Poll.until(
        "the revoked gateway's account to be removed",
        WAIT,
        () -> {
          try {
            return peer.publish(gateway, token).refusedAtConnect();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private io.restassured.response.ValidatableResponse issueGatewayToken(String gateway) {
    return given()
        .auth()
        .oauth2(admin)
        .contentType(ContentType.JSON)
        .body(Map.of("role", "gateway", "subject", "gateway " + gateway, "gatewayId", gateway))
        .post("/api/v1/tokens")
        .then();
  }
}
