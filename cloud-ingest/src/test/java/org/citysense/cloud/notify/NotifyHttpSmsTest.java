package org.citysense.cloud.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.notify.channel.CallbackGuard;
import org.citysense.cloud.notify.channel.LocalHttpReceiver;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMS by an HTTP provider ({@code citysense.notify.sms-channel=http-sms}) through the whole
 * service: a provider in trouble is retried and every failed try is in the log; its delivery
 * reports, posted to {@code /api/v1/notify/callbacks/http-sms} signed with the shared secret, land
 * in the delivery log; unsigned, wrongly signed, altered or stale reports are refused, and so is
 * the secret in the query (deprecated, off by default: {@link NotifyCallbackQuerySecretTest}).
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
    signed("application/json", "[{\"out_id\":\"" + familyRef + "\",\"status\":\"DELIVRD\"}]")
        .post(CALLBACKS + "http-sms")
        .then()
        .statusCode(200)
        .body("receipts", equalTo(1));
    // form fields, as others do
    signed("application/x-www-form-urlencoded", "out_id=" + gridRef + "&status=UNDELIV")
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
  void theCallbackEndpointRefusesUnknownChannelsAndUnreadableBodies() {
    signed("application/json", "{\"out_id\":\"x\",\"status\":\"DELIVRD\"}")
        .post(CALLBACKS + "smpp")
        .then()
        .statusCode(404)
        .body("error", containsString("smpp"));
    signed("application/json", "out_id=x&status=DELIVRD")
        .post(CALLBACKS + "http-sms")
        .then()
        .statusCode(400)
        .body("error", containsString("not JSON"));
    signed("application/json", "")
        .post(CALLBACKS + "http-sms")
        .then()
        .statusCode(400)
        .body("error", containsString("empty"));
  }

  @Test
  void aReportWithoutAGoodSignatureIsRefusedNamingTheHeader() {
    String report = "{\"out_id\":\"x\",\"status\":\"DELIVRD\"}";
    long now = clock.instant().getEpochSecond();
    // no signature at all
    given()
        .contentType("application/json")
        .body(report)
        .post(CALLBACKS + "http-sms")
        .then()
        .statusCode(403)
        .body("field", equalTo(SIGNATURE))
        .body("error", containsString(SIGNATURE + " header is missing"));
    // signed with another secret
    report(now, CallbackGuard.sign("cb-guessed-0123456789", now, bytes(report)), report)
        .then()
        .statusCode(403)
        .body("field", equalTo(SIGNATURE))
        .body("error", containsString("does not match"));
    // the body altered after signing
    report(
            now,
            CallbackGuard.sign(peers.callbackSecret(), now, bytes(report)),
            report.replace("DELIVRD", "UNDELIV"))
        .then()
        .statusCode(403)
        .body("field", equalTo(SIGNATURE));
    // the timestamp altered after signing
    report(now + 1, CallbackGuard.sign(peers.callbackSecret(), now, bytes(report)), report)
        .then()
        .statusCode(403)
        .body("field", equalTo(SIGNATURE));
    // a report signed six minutes ago, replayed: outside the five allowed
    long old = now - 360;
    report(old, CallbackGuard.sign(peers.callbackSecret(), old, bytes(report)), report)
        .then()
        .statusCode(403)
        .body("field", equalTo(CallbackGuard.TIMESTAMP_HEADER))
        .body("error", containsString("s away from the service's clock; at most 300 s"));
    // a signature without its timestamp
    given()
        .header(SIGNATURE, CallbackGuard.sign(peers.callbackSecret(), now, bytes(report)))
        .contentType("application/json")
        .body(bytes(report))
        .post(CALLBACKS + "http-sms")
        .then()
        .statusCode(403)
        .body("field", equalTo(CallbackGuard.TIMESTAMP_HEADER));
    // the same report, signed now: taken
    report(now, CallbackGuard.sign(peers.callbackSecret(), now, bytes(report)), report)
        .then()
        .statusCode(200);
  }

  @Test
  void theSecretInTheQueryIsRefusedByDefault() {
    given()
        .queryParam("secret", peers.callbackSecret())
        .contentType("application/json")
        .body("{\"out_id\":\"x\",\"status\":\"DELIVRD\"}")
        .post(CALLBACKS + "http-sms")
        .then()
        .statusCode(403)
        .body("field", equalTo(SIGNATURE))
        .body("error", containsString("secret query parameter is not accepted"))
        .body("error", containsString(SIGNATURE));
  }

  private static final String SIGNATURE = CallbackGuard.SIGNATURE_HEADER;

  /** A report as a provider sends it: signed now with the shared secret. */
  private RequestSpecification signed(String contentType, String body) {
    long now = clock.instant().getEpochSecond();
    RequestSpecification request =
        given()
            .header(CallbackGuard.TIMESTAMP_HEADER, Long.toString(now))
            .header(SIGNATURE, CallbackGuard.sign(peers.callbackSecret(), now, bytes(body)))
            .contentType(contentType);
    // REST Assured sends a form only from text (the tests' reports are ASCII either way), and a
    // byte[] only as body(byte[]): as an Object it would become a JSON string of base64
    return contentType.startsWith("application/json")
        ? request.body(bytes(body))
        : request.body(body);
  }

  private static io.restassured.response.Response report(
      long timestamp, String signature, String body) {
    return given()
        .header(CallbackGuard.TIMESTAMP_HEADER, Long.toString(timestamp))
        .header(SIGNATURE, signature)
        .contentType("application/json")
        .body(bytes(body))
        .post(CALLBACKS + "http-sms");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
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
