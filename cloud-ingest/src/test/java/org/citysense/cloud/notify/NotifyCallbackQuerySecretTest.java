package org.citysense.cloud.notify;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.citysense.cloud.notify.channel.CallbackGuard;
import org.junit.jupiter.api.Test;

/**
 * With {@code citysense.notify.callback-query-secret=true} (deprecated) a delivery report may still
 * give the secret itself as {@code ?secret=}, as reports were guarded first; a wrong one is refused
 * naming {@code secret}, and signed reports keep working. Off by default: {@link
 * NotifyHttpSmsTest}.
 */
@QuarkusTest
@TestProfile(NotifyResource.QuerySecretProfile.class)
class NotifyCallbackQuerySecretTest {
  private static final String HTTP_SMS = "/api/v1/notify/callbacks/http-sms";
  private static final String REPORT = "{\"out_id\":\"x\",\"status\":\"DELIVRD\"}";

  @Inject AdjustableClock clock;

  NotifyPeers peers;

  @Test
  void theSecretInTheQueryIsTakenWhenSwitchedOn() {
    given()
        .queryParam("secret", peers.callbackSecret())
        .contentType("application/json")
        .body(REPORT)
        .post(HTTP_SMS)
        .then()
        .statusCode(200);
    given()
        .queryParam("secret", "cb-guessed-0123456789")
        .contentType("application/json")
        .body(REPORT)
        .post(HTTP_SMS)
        .then()
        .statusCode(403)
        .body("field", equalTo("secret"))
        .body("error", containsString("missing or wrong"));
    long now = clock.instant().getEpochSecond();
    byte[] body = REPORT.getBytes(StandardCharsets.UTF_8);
    given()
        .header(CallbackGuard.TIMESTAMP_HEADER, Long.toString(now))
        .header(
            CallbackGuard.SIGNATURE_HEADER, CallbackGuard.sign(peers.callbackSecret(), now, body))
        .contentType("application/json")
        .body(body)
        .post(HTTP_SMS)
        .then()
        .statusCode(200);
  }
}
