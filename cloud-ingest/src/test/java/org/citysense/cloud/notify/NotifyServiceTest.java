package org.citysense.cloud.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.notify.channel.LocalHttpReceiver;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.smsc.LocalSmsc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications through the whole service: readings by {@code POST /api/v1/ingest}, people by the
 * REST API, SMS by SMPP to a {@link LocalSmsc}, push and webhook to {@link LocalHttpReceiver}s, and
 * the service's clock moved forward by the test ({@link AdjustableClock}) instead of waiting.
 */
@QuarkusTest
@TestProfile(NotifyResource.Profile.class)
class NotifyServiceTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai"); // the bundled rules' zone
  private static final String GAS = "燃气泄漏";

  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject AdjustableClock clock;

  NotifyPeers peers;
  NotifyScene scene;

  @BeforeEach
  void scene() throws Exception {
    scene = new NotifyScene(dataSource, tokens, clock);
    // a first send to an SMSC not bound yet would wait out a retry: let it bind first
    Poll.until(
        "the SMPP channel to bind", NotifyScene.WAIT, () -> peers.smsc().boundSessions() > 0);
  }

  @Test
  void anUnacknowledgedAlarmEscalatesToTheStaffAboveAfterTheSlaStepAndNotBefore() throws Exception {
    String grid = NotifyScene.phone();
    String streetStaff = NotifyScene.phone();
    scene.person(scene.community, "grid_worker", grid);
    scene.person(scene.street, "staff", streetStaff);
    String gas = scene.device("gas-lel-modbus");

    scene.gas(gas, 30);
    long event = scene.event("gas-high");
    scene.awaitRow(event, "grid_worker", "smpp", "alarm", "submitted");

    // 11 of the 15 minutes (critical SLA): the grid worker's 10-minute reminder goes out, which
    // shows the notifier has worked at that time; the street's staff have heard nothing yet
    clock.advance(Duration.ofMinutes(11));
    scene.awaitRow(event, "grid_worker", "smpp", "reminder", "submitted");
    assertThat(sms(streetStaff)).isEmpty();
    assertThat(scene.log(event)).noneMatch(r -> "escalation".equals(r.get("kind")));

    clock.advance(Duration.ofMinutes(5));
    Map<String, Object> row = scene.awaitRow(event, "staff", "smpp", "escalation", "submitted");
    assertThat(row.get("escalationLevel")).isEqualTo(1);
    assertThat(sms(streetStaff)).hasSize(1);
    assertThat(sms(streetStaff).get(0).text()).contains(GAS);
  }

  @Test
  void quietHoursHoldAHouseholdEventUntilTheyEndButNotAGasAlarm() throws Exception {
    clock.advanceTo(next(LocalTime.of(23, 0)));
    String family = NotifyScene.phone();
    String grid = NotifyScene.phone();
    scene.contact("Li Na", family, null, "22:00-07:00");
    scene.person(scene.community, "grid_worker", grid);
    String air = scene.device("pm25-rs485");
    String gas = scene.device("gas-lel-modbus");

    scene.reading(air, "pm2_5", Quantity.PM2_5, 120, "µg/m³");
    long dust = scene.event("pm25-high");
    scene.awaitRow(dust, "grid_worker", "smpp", "alarm", "submitted");
    Map<String, Object> held = scene.awaitRow(dust, "family", "smpp", "alarm", "queued");
    assertThat(held.get("reason")).isEqualTo("quiet hours until 07:00");
    assertThat(sms(family)).isEmpty();

    scene.gas(gas, 30);
    long leak = scene.event("gas-high");
    scene.awaitRow(leak, "family", "smpp", "alarm", "submitted");
    assertThat(sms(family)).hasSize(1);
    assertThat(sms(family).get(0).text()).contains(GAS);
    assertThat(scene.row(dust, "family", "smpp", "alarm").orElseThrow().get("status"))
        .isEqualTo("queued");
    scene.acknowledge(leak); // no gas reminders to count

    clock.advanceTo(next(LocalTime.of(7, 1)));
    scene.awaitRow(dust, "family", "smpp", "alarm", "submitted");
    assertThat(sms(family)).hasSize(2);
    assertThat(sms(family).get(1).text()).doesNotContain(GAS).contains("120 µg/m³");
  }

  @Test
  void gasFlappingAcrossTheThresholdGivesEachPersonOneAlarm() throws Exception {
    String family = NotifyScene.phone();
    String grid = NotifyScene.phone();
    scene.contact("Li Na", family, null, null);
    scene.person(scene.community, "grid_worker", grid);
    String gas = scene.device("gas-lel-modbus");

    for (double lel : new double[] {30, 5, 35, 4, 40, 6, 45}) {
      scene.gas(gas, lel);
    }
    // four raises: the last one's log says whom flapping kept from a second alarm
    Poll.until(
        "the fourth gas event, its family row suppressed as flapping",
        NotifyScene.WAIT,
        () -> {
          List<Long> events = scene.events("gas-high");
          return events.size() == 4
              && scene
                  .row(events.get(3), "family", "smpp", "alarm")
                  .map(r -> String.valueOf(r.get("reason")).startsWith("flapping"))
                  .orElse(false)
              && scene.row(events.get(3), "grid_worker", "smpp", "alarm").isPresent();
        },
        () -> String.valueOf(scene.events("gas-high")));
    List<Long> events = scene.events("gas-high");
    for (long e : events.subList(1, 4)) {
      for (Map<String, Object> row : scene.log(e)) {
        if (!"webhook".equals(row.get("recipientRole"))) {
          assertThat(row.get("status")).as("event %d: %s", e, row).isEqualTo("suppressed");
        }
      }
    }
    assertThat(sms(family)).hasSize(1);
    assertThat(sms(grid)).hasSize(1);
    assertThat(sms(family).get(0).text()).contains(GAS);
  }

  @Test
  void smscReceiptsMarkTheRowsDeliveredOrFailedWithTheReason() throws Exception {
    String family = NotifyScene.phone();
    String grid = NotifyScene.phone();
    scene.contact("Li Na", family, null, null);
    scene.person(scene.community, "grid_worker", grid);
    scene.gas(scene.device("gas-lel-modbus"), 30);
    long event = scene.event("gas-high");
    scene.awaitRow(event, "family", "smpp", "alarm", "submitted");
    scene.awaitRow(event, "grid_worker", "smpp", "alarm", "submitted");

    peers.smsc().sendReceipt(sms(family).get(0).messageId(), "DELIVRD");
    peers.smsc().sendReceipt(sms(grid).get(0).messageId(), "UNDELIV");

    assertThat(scene.awaitRow(event, "family", "smpp", "alarm", "delivered").get("reason"))
        .isNull();
    assertThat(scene.awaitRow(event, "grid_worker", "smpp", "alarm", "failed").get("reason"))
        .isEqualTo("UNDELIV");
  }

  @Test
  void anSmscRefusalIsLoggedAndRetried() throws Exception {
    String grid = NotifyScene.phone();
    scene.person(scene.community, "grid_worker", grid);
    peers.smsc().rejectNext(0x58); // throttled: retryable
    scene.gas(scene.device("gas-lel-modbus"), 30);
    long event = scene.event("gas-high");

    Poll.until(
        "the refused try logged",
        NotifyScene.WAIT,
        () ->
            scene
                .row(event, "grid_worker", "smpp", "alarm")
                .map(r -> Integer.valueOf(1).equals(r.get("attempts")) && r.get("reason") != null)
                .orElse(false),
        () -> scene.logText(event));
    Map<String, Object> refused = scene.row(event, "grid_worker", "smpp", "alarm").orElseThrow();
    assertThat(refused.get("status")).isEqualTo("queued");
    assertThat((String) refused.get("reason")).contains("submit_sm refused [status: 0x58]");
    assertThat(refused.get("nextAttemptAt")).isNotNull();
    assertThat(sms(grid)).isEmpty();

    clock.advance(Duration.ofSeconds(31)); // the first retry waits 30 s
    Map<String, Object> sent = scene.awaitRow(event, "grid_worker", "smpp", "alarm", "submitted");
    assertThat(sent.get("attempts")).isEqualTo(2);
    assertThat(sent.get("reason")).isNull();
    assertThat(sms(grid)).hasSize(1);
  }

  @Test
  void pushReachesTheTokenAndTheWebhookArrivesSigned() throws Exception {
    String token = "fcm-token-" + scene.household;
    scene.contact("Li Na", NotifyScene.phone(), token, null);
    scene.gas(scene.device("gas-lel-modbus"), 30);
    long event = scene.event("gas-high");

    scene.awaitRow(event, "family", "push", "alarm", "submitted");
    LocalHttpReceiver.Request push =
        peers.pushService().requests().stream()
            .filter(r -> r.bodyText().contains(token))
            .findFirst()
            .orElseThrow();
    assertThat(push.uri().getPath()).isEqualTo("/v1/messages:send");
    assertThat(push.headers().getFirst("Authorization")).isEqualTo("Bearer test-push-key");
    JsonNode message = new ObjectMapper().readTree(push.body()).get("message");
    assertThat(message.get("token").asText()).isEqualTo(token);
    assertThat(message.at("/notification/body").asText()).contains(GAS);
    assertThat(message.at("/notification/title").asText()).isNotBlank();

    scene.awaitRow(event, "webhook", "webhook", "alarm", "delivered");
    LocalHttpReceiver.Request hook =
        peers.webhook().requests().stream()
            .filter(r -> aboutEvent(r, event))
            .findFirst()
            .orElseThrow();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(peers.webhookSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertThat(hook.headers().getFirst("X-Citysense-Signature"))
        .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(hook.body())));
    assertThat(new ObjectMapper().readTree(hook.body()).get("text").asText()).contains("gas leak");
  }

  private static boolean aboutEvent(LocalHttpReceiver.Request r, long event) {
    try {
      return new ObjectMapper().readTree(r.body()).at("/data/eventId").asLong() == event;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** What the SMSC took for {@code phone}, oldest first. */
  private List<LocalSmsc.Submitted> sms(String phone) {
    return peers.smsc().submitted().stream().filter(s -> phone.equals(s.address())).toList();
  }

  /** The next moment at {@code time} in the rules' zone, at least a minute after the clock. */
  private Instant next(LocalTime time) {
    ZonedDateTime now = clock.instant().plus(Duration.ofMinutes(1)).atZone(ZONE);
    ZonedDateTime at = now.with(time);
    return (at.isBefore(now) ? at.plusDays(1) : at).toInstant();
  }
}
