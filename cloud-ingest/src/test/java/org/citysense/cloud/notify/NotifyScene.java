package org.citysense.cloud.notify;

import static io.restassured.RestAssured.given;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
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
import org.citysense.profiles.quantity.Quantity;
import org.citysense.testsupport.Poll;

/**
 * One test's own place in the running service: a district, a street and a community, a gateway and
 * a household in the community, devices and people added through the service's own API. Each test
 * gets fresh ids and phone numbers, so tests sharing the service see only their own messages.
 */
final class NotifyScene {
  static final Duration WAIT = Duration.ofSeconds(60);

  final String district;
  final String street;
  final String community;
  final String household;
  final String gateway;
  final String operator;

  private final DataSource dataSource;
  private final Clock clock;
  private final HttpGateway gatewayClient;
  private final AtomicLong seq = new AtomicLong();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  NotifyScene(DataSource dataSource, TokenService tokens, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
    UnitRepository units = new UnitRepository(dataSource);
    district = "d-" + run;
    street = "s-" + run;
    community = "c-" + run;
    units.create(new Unit(district, null, "district", "District " + run));
    units.create(new Unit(street, district, "street", "Street " + run));
    units.create(new Unit(community, street, "community", "Community " + run));
    gateway = new GatewayRepository(dataSource).create(community, "basement gateway").id();
    household = "h-" + run;
    new HouseholdRepository(dataSource)
        .create(new Household(household, community, "Flat 3-201", "Building 3, flat 201"));
    gatewayClient =
        new HttpGateway(
            gateway, tokens.issue(Role.GATEWAY, gateway, null, gateway).secret(), clock::millis);
    operator = tokens.issue(Role.OPERATOR, "op-" + run, district, null).secret();
  }

  /** A random mainland mobile number, so no two tests share a phone. */
  static String phone() {
    return "+86139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
  }

  /** A device of {@code profile} in the household. */
  String device(String profile) {
    String id = profile.split("-")[0] + "-" + run + "-" + seq.incrementAndGet();
    new DeviceRepository(dataSource, Set.of(profile), clock)
        .create(new Device(id, gateway, profile, null, household, null, null, null, null, null));
    return id;
  }

  /** A family contact of the household, by the REST API. */
  void contact(String name, String phone, String pushToken, String quietHours) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("phone", phone);
    body.put("language", "zh");
    body.put("consent", true);
    if (pushToken != null) {
      body.put("pushToken", pushToken);
    }
    if (quietHours != null) {
      body.put("quietHours", quietHours);
    }
    given()
        .auth()
        .oauth2(operator)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/households/" + household + "/contacts")
        .then()
        .statusCode(201);
  }

  /** A grid worker or staff member of {@code unit}, by the REST API. */
  void person(String unit, String role, String phone) {
    given()
        .auth()
        .oauth2(operator)
        .contentType("application/json")
        .body(Map.of("role", role, "name", role + " " + run, "phone", phone, "consent", true))
        .post("/api/v1/units/" + unit + "/staff")
        .then()
        .statusCode(201);
  }

  /** One reading through {@code POST /api/v1/ingest}, stamped with the service's clock. */
  void reading(String device, String point, Quantity quantity, double value, String unit) {
    long now = clock.millis() + seq.incrementAndGet(); // strictly newer than the one before
    gatewayClient.send(gatewayClient.reading(device, point, quantity, value, unit, now));
  }

  void gas(String device, double lel) {
    reading(device, "gas", Quantity.GAS, lel, "%LEL");
  }

  /** The ids of the community's events of {@code ruleId}, oldest first. */
  List<Long> events(String ruleId) {
    List<Number> ids =
        given()
            .auth()
            .oauth2(operator)
            .queryParam("unit", community)
            .queryParam("limit", 200)
            .get("/api/v1/events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items.findAll { it.ruleId == '" + ruleId + "' }.id");
    List<Long> out = new ArrayList<>();
    ids.forEach(n -> out.add(n.longValue()));
    out.sort(null);
    return out;
  }

  /** The one event of {@code ruleId} in the community, once it is raised. */
  long event(String ruleId) throws InterruptedException {
    Poll.until(
        "a " + ruleId + " event in " + community,
        WAIT,
        () -> !events(ruleId).isEmpty(),
        () -> "none yet");
    return events(ruleId).get(events(ruleId).size() - 1);
  }

  /** {@code GET /api/v1/events/{id}/notifications}. */
  List<Map<String, Object>> log(long eventId) {
    return given()
        .auth()
        .oauth2(operator)
        .get(notifications(eventId))
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  String logText(long eventId) {
    return given().auth().oauth2(operator).get(notifications(eventId)).asString();
  }

  /** The event's row for this role, channel and kind, if written. */
  Optional<Map<String, Object>> row(long eventId, String role, String channel, String kind) {
    return log(eventId).stream()
        .filter(r -> role.equals(r.get("recipientRole")))
        .filter(r -> channel.equals(r.get("channel")))
        .filter(r -> kind.equals(r.get("kind")))
        .findFirst();
  }

  /** Polls until the row exists and has {@code status}; returns it. */
  Map<String, Object> awaitRow(
      long eventId, String role, String channel, String kind, String status)
      throws InterruptedException {
    Poll.until(
        role + "'s " + kind + " by " + channel + " " + status + " in event " + eventId + "'s log",
        WAIT,
        () ->
            row(eventId, role, channel, kind)
                .map(r -> status.equals(r.get("status")))
                .orElse(false),
        () -> logText(eventId));
    return row(eventId, role, channel, kind).orElseThrow();
  }

  void acknowledge(long eventId) {
    given()
        .auth()
        .oauth2(operator)
        .contentType("application/json")
        .body(Map.of("note", "seen"))
        .post("/api/v1/events/" + eventId + "/ack")
        .then()
        .statusCode(200);
  }

  private static String notifications(long eventId) {
    return "/api/v1/events/" + eventId + "/notifications";
  }
}
