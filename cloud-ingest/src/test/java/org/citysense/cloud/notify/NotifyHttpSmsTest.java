package org.citysense.cloud.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.notify.channel.LocalHttpReceiver;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMS by an HTTP provider ({@code citysense.notify.sms-channel=http-sms}) through the whole
 * service: a provider in trouble is retried and every failed try is in the log; its delivery
 * reports, posted to {@code /api/v1/notify/callbacks/http-sms} with the shared secret, land in the
 * delivery log.
 */
@QuarkusTest
@TestProfile(NotifyResource.HttpSmsProfile.class)
class NotifyHttpSmsTest {
  private static final String CALLBACKS = "/api/v1/notify/callbacks/";

  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject AdjustableClock clock;

  NotifyPeers peers;
  NotifyScene scene;

  @BeforeEach
  void scene() {
    scene = new NotifyScene(dataSource, tokens, clock);
  }

  @Test
  void aProviderAnswering500IsRetriedWithEachFailureLoggedThenSucceeds() throws Exception {
    String grid = NotifyScene.phone();
    scene.person(scene.community, "grid_worker", grid);
    peers.smsProvider().failNext(2, 500);
    scene.gas(scene.device("gas-lel-modbus"), 30);
    long event = scene.event("gas-high");

    awaitAttempts(event, 1);
    Map<String, Object> first = scene.row(event, "grid_worker", "http-sms", "alarm").orElseThrow();
    assertThat(first.get("status")).isEqualTo("queued");
    assertThat((String) first.get("reason")).contains("provider answered HTTP 500");

    clock.advance(Duration.ofSeconds(31)); // first retry after 30 s
    awaitAttempts(event, 2);
    Map<String, Object> second = scene.row(event, "grid_worker", "http-sms", "alarm").orElseThrow();
    assertThat(second.get("status")).isEqualTo("queued");
    assertThat((String) second.get("reason")).contains("provider answered HTTP 500");

    clock.advance(Duration.ofSeconds(61)); // then after 60 s
    Map<String, Object> sent =
        scene.awaitRow(event, "grid_worker", "http-sms", "alarm", "submitted");
    assertThat(sent.get("attempts")).isEqualTo(3);
    assertThat(sent.get("reason")).isNull();

    List<LocalHttpReceiver.Request> tries = requestsFor(grid);
    assertThat(tries).hasSize(3);
    for (LocalHttpReceiver.Request r : tries) {
      assertThat(r.uri().getPath()).isEqualTo("/sms/send");
      assertThat(r.headers().getFirst("X-Api-Key")).isEqualTo("test-sms-key");
      assertThat(json(r).get("content").asText()).contains("燃气泄漏");
    }
    assertThat(peers.smsc().submitted()).noneMatch(s -> grid.equals(s.address()));
  }

  @Test
  void deliveryReportsToTheCallbackEndpointLandInTheLog() throws Exception {
    String family = NotifyScene.phone();
    String grid = NotifyScene.phone();
    scene.contact("Li Na", family, null, null);
    scene.person(scene.community, "grid_worker", grid);
    scene.gas(scene.device("gas-lel-modbus"), 30);
    long event = scene.event("gas-high");
    scene.awaitRow(event, "family", "http-sms", "alarm", "submitted");
    scene.awaitRow(event, "grid_worker", "http-sms", "alarm", "submitted");
    String familyRef = json(requestsFor(family).get(0)).get("outId").asText();
    String gridRef = json(requestsFor(grid).get(0)).get("outId").asText();

    // a JSON batch, as some providers send, without any bearer token
    given()
        .queryParam("secret", peers.callbackSecret())
        .contentType("application/json")
        .body("[{\"out_id\":\"" + familyRef + "\",\"status\":\"DELIVRD\"}]")
        .post(CALLBACKS + "http-sms")
        .then()
        .statusCode(200)
        .body("receipts", equalTo(1));
    // form fields, as others do
    given()
        .queryParam("secret", peers.callbackSecret())
        .contentType("application/x-www-form-urlencoded")
        .body("out_id=" + gridRef + "&status=UNDELIV")
        .post(CALLBACKS + "http-sms")
        .then()
        .statusCode(200)
        .body("receipts", equalTo(1));

    assertThat(scene.awaitRow(event, "family", "http-sms", "alarm", "delivered").get("reason"))
        .isNull();
    assertThat(scene.awaitRow(event, "grid_worker", "http-sms", "alarm", "failed").get("reason"))
        .isEqualTo("UNDELIV");
  }

  @Test
  void theCallbackEndpointRefusesUnknownChannelsWrongSecretsAndUnreadableBodies() {
    given()
        .queryParam("secret", peers.callbackSecret())
        .contentType("application/json")
        .body("{\"out_id\":\"x\",\"status\":\"DELIVRD\"}")
        .post(CALLBACKS + "smpp")
        .then()
        .statusCode(404)
        .body("error", containsString("smpp"));
    given()
        .queryParam("secret", "cb-guessed")
        .contentType("application/json")
        .body("{\"out_id\":\"x\",\"status\":\"DELIVRD\"}")
        .post(CALLBACKS + "http-sms")
        .then()
        .statusCode(403)
        .body("field", equalTo("secret"));
    given()
        .contentType("application/json")
        .body("{\"out_id\":\"x\",\"status\":\"DELIVRD\"}")
        .post(CALLBACKS + "http-sms")
        .then()
        .statusCode(403);
    given()
        .queryParam("secret", peers.callbackSecret())
        .contentType("application/json")
        .body("out_id=x&status=DELIVRD")
        .post(CALLBACKS + "http-sms")
        .then()
        .statusCode(400)
        .body("error", containsString("not JSON"));
    given()
        .queryParam("secret", peers.callbackSecret())
        .contentType("application/json")
        .body("")
        .post(CALLBACKS + "http-sms")
        .then()
        .statusCode(400)
        .body("error", containsString("empty"));
  }

  private void awaitAttempts(long event, int attempts) throws InterruptedException {
    Poll.until(
        "try " + attempts + " logged",
        NotifyScene.WAIT,
        () ->
            scene
                .row(event, "grid_worker", "http-sms", "alarm")
                .map(r -> Integer.valueOf(attempts).equals(r.get("attempts")))
                .orElse(false),
        () -> scene.logText(event));
  }

  private List<LocalHttpReceiver.Request> requestsFor(String phone) {
    String digits = phone.substring(1);
    return peers.smsProvider().requests().stream()
        .filter(r -> digits.equals(json(r).path("phone").asText()))
        .toList();
  }

  private static JsonNode json(LocalHttpReceiver.Request r) {
    try {
      return new ObjectMapper().readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.bodyText(), e);
    }
  }
}
