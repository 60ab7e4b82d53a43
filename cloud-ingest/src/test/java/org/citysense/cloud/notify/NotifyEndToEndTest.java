package org.citysense.cloud.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.http.HttpGateway;
import org.citysense.cloud.registry.Device;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.Household;
import org.citysense.cloud.registry.HouseholdRepository;
import org.citysense.cloud.registry.Unit;
import org.citysense.cloud.registry.UnitRepository;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.smsc.LocalSmsc;
import org.junit.jupiter.api.Test;

/**
 * The whole chain with notifications on: a gas reading raises an event, the SMSC gets the family
 * contact's and the grid worker's SMS in Chinese, a delivery receipt marks the family's row
 * delivered, and the family's reply "1" acknowledges the critical event for the family only: its
 * reminders stop, while the grid worker is reminded and the staff of the street above get the
 * escalation, until the grid worker acknowledges.
 */
@QuarkusTest
@TestProfile(NotifyResource.Profile.class)
class NotifyEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String FAMILY = "+8613800138000";
  private static final String GRID = "+8613900139000";
  private static final String STAFF = "+8613700137000";

  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject AdjustableClock clock;

  LocalSmsc smsc;

  @Test
  void aGasLeakIsToldByTheSmscDeliveredAndAcknowledgedByReply() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    UnitRepository units = new UnitRepository(dataSource);
    units.create(new Unit("d-" + run, null, "district", "District " + run));
    units.create(new Unit("s-" + run, "d-" + run, "street", "Street"));
    String community = "ca-" + run;
    units.create(new Unit(community, "s-" + run, "community", "Community A"));
    String gateway = new GatewayRepository(dataSource).create(community, "basement gateway").id();
    String household = "h-" + run;
    new HouseholdRepository(dataSource)
        .create(new Household(household, community, "Flat 3-201", "Building 3, flat 201"));
    String gasDevice = "gas-" + run;
    new DeviceRepository(dataSource, Set.of("gas-lel-modbus"), clock)
        .create(
            new Device(
                gasDevice,
                gateway,
                "gas-lel-modbus",
                null,
                household,
                null,
                null,
                null,
                null,
                null));
    String gatewayToken = tokens.issue(Role.GATEWAY, gateway, null, gateway).secret();
    String operator = tokens.issue(Role.OPERATOR, "op-" + run, community, null).secret();

    given()
        .auth()
        .oauth2(operator)
        .contentType("application/json")
        .body(Map.of("name", "Li Na", "phone", FAMILY, "language", "zh", "consent", true))
        .post("/api/v1/households/" + household + "/contacts")
        .then()
        .statusCode(201);
    given()
        .auth()
        .oauth2(operator)
        .contentType("application/json")
        .body(Map.of("role", "grid_worker", "name", "Zhang Wei", "phone", GRID, "consent", true))
        .post("/api/v1/units/" + community + "/staff")
        .then()
        .statusCode(201);

    // a first send to an SMSC not bound yet would wait out a retry: let it bind first
    Poll.until("the SMPP channel to bind", WAIT, () -> smsc.boundSessions() > 0);
    int before = smsc.submittedCount();

    HttpGateway gatewayClient = new HttpGateway(gateway, gatewayToken, clock::millis);
    gatewayClient.send(gatewayClient.gas(gasDevice, 30.0, clock.millis()));

    Poll.until(
        "SMS to the family and the grid worker",
        WAIT,
        () -> toAfter(before, FAMILY) != null && toAfter(before, GRID) != null,
        () -> String.valueOf(smsc.submitted()));
    LocalSmsc.Submitted toFamily = toAfter(before, FAMILY);
    LocalSmsc.Submitted toGrid = toAfter(before, GRID);
    // the household by the name its family knows, not by its id
    assertThat(toFamily.text()).startsWith("【城感】").contains("燃气泄漏").contains("Flat 3-201");
    assertThat(toFamily.text()).doesNotContain(household);
    assertThat(toGrid.text()).contains("燃气泄漏");

    long eventId =
        ((Number)
                given()
                    .auth()
                    .oauth2(operator)
                    .queryParam("unit", community)
                    .get("/api/v1/events")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items.findAll { it.ruleId == 'gas-high' }.id")
                    .get(0))
            .longValue();

    smsc.sendReceipt(toFamily.messageId(), "DELIVRD");
    Poll.until(
        "the family's SMS delivered",
        WAIT,
        () -> "delivered".equals(familyStatus(operator, eventId)),
        () -> given().auth().oauth2(operator).get(notifications(eventId)).asString());

    smsc.sendMo(FAMILY, "1");
    Poll.until(
        "the family's acknowledgement in the event's audit",
        WAIT,
        () -> event(operator, eventId).getList("audit.action").contains("family_acked"),
        () -> given().auth().oauth2(operator).get("/api/v1/events/" + eventId).asString());
    assertThat(event(operator, eventId).getString("status")).isEqualTo("open");

    // the staff of the street above hear of it once the critical SLA (15 min) has passed
    String admin = tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret();
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body(Map.of("role", "staff", "name", "Chen Jing", "phone", STAFF, "consent", true))
        .post("/api/v1/units/s-" + run + "/staff")
        .then()
        .statusCode(201);
    int beforeFollowUp = smsc.submittedCount();
    clock.advance(Duration.ofMinutes(16));
    Poll.until(
        "the escalation to the street's staff and a reminder to the grid worker",
        WAIT,
        () -> toAfter(beforeFollowUp, STAFF) != null && toAfter(beforeFollowUp, GRID) != null,
        () -> String.valueOf(smsc.submitted()));
    assertThat(toAfter(beforeFollowUp, FAMILY)).isNull();
    List<Map<String, Object>> rows =
        given()
            .auth()
            .oauth2(operator)
            .get(notifications(eventId))
            .then()
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(rows)
        .filteredOn(r -> "reminder".equals(r.get("kind")))
        .extracting(r -> r.get("recipientRole"))
        .containsOnly("grid_worker");
    assertThat(rows)
        .filteredOn(r -> "escalation".equals(r.get("kind")))
        .extracting(r -> r.get("recipientRole"))
        .containsOnly("staff");

    // the grid worker takes it on: now it is acknowledged
    given()
        .auth()
        .oauth2(operator)
        .post("/api/v1/events/" + eventId + "/ack")
        .then()
        .statusCode(200)
        .body("status", equalTo("acknowledged"));
  }

  private static io.restassured.path.json.JsonPath event(String token, long eventId) {
    return given()
        .auth()
        .oauth2(token)
        .get("/api/v1/events/" + eventId)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private LocalSmsc.Submitted toAfter(int before, String address) {
    List<LocalSmsc.Submitted> all = smsc.submitted();
    for (int i = before; i < all.size(); i++) {
      if (address.equals(all.get(i).address())) {
        return all.get(i);
      }
    }
    return null;
  }

  private static String notifications(long eventId) {
    return "/api/v1/events/" + eventId + "/notifications";
  }

  private static String familyStatus(String token, long eventId) {
    List<Map<String, Object>> rows =
        given()
            .auth()
            .oauth2(token)
            .get(notifications(eventId))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    return rows.stream()
        .filter(r -> "family".equals(r.get("recipientRole")))
        .map(r -> String.valueOf(r.get("status")))
        .findFirst()
        .orElse(null);
  }
}
