package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.http.EventStream;
import org.citysense.cloud.http.HttpGateway;
import org.citysense.cloud.registry.Device;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.Household;
import org.citysense.cloud.registry.HouseholdRepository;
import org.citysense.cloud.registry.Station;
import org.citysense.cloud.registry.StationRepository;
import org.citysense.cloud.registry.Unit;
import org.citysense.cloud.registry.UnitRepository;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.WireReading;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Readings posted to {@code /api/v1/ingest} raise, update and auto-resolve events through the
 * bundled rules; the SSE stream shows them live; operators of another community can neither see nor
 * touch them; viewers only read. Runs on the embedded defaults with the real HTTP stack.
 */
@QuarkusTest
class EventsEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject Clock clock;

  @TestHTTPResource("/api/v1/events/stream")
  URL streamUrl;

  private String run;
  private String communityA;
  private String gateway;
  private HttpGateway gatewayClient;
  private String operatorA;
  private String operatorB;
  private String viewerA;
  private String gasDevice;
  private String household;
  private final List<String> stations = new ArrayList<>();
  private final List<String> stationDevices = new ArrayList<>();
  private EventStream stream;

  @BeforeEach
  void aCommunityWithFourStationsAndAFlat() {
    run = UUID.randomUUID().toString().substring(0, 8);
    UnitRepository units = new UnitRepository(dataSource);
    units.create(new Unit("d-" + run, null, "district", "District " + run));
    units.create(new Unit("s-" + run, "d-" + run, "street", "Street"));
    communityA = "ca-" + run;
    units.create(new Unit(communityA, "s-" + run, "community", "Community A"));
    units.create(new Unit("cb-" + run, "s-" + run, "community", "Community B"));
    gateway = new GatewayRepository(dataSource).create(communityA, "basement gateway").id();
    DeviceRepository devices =
        new DeviceRepository(dataSource, Set.of("pm25-rs485", "gas-lel-modbus"), clock);
    // somewhere no other test puts stations, so only these four are neighbours
    Random random = new Random();
    double lat = -40 + random.nextDouble() * 20;
    double lon = -70 + random.nextDouble() * 20;
    StationRepository stationRepo = new StationRepository(dataSource);
    for (int i = 0; i < 4; i++) {
      String id = "st" + i + "-" + run;
      stationRepo.create(new Station(id, communityA, "Station " + i, lat + i * 0.01, lon));
      String device = "pm" + i + "-" + run;
      devices.create(
          new Device(device, gateway, "pm25-rs485", id, null, null, null, null, null, null));
      stations.add(id);
      stationDevices.add(device);
    }
    household = "h-" + run;
    new HouseholdRepository(dataSource)
        .create(new Household(household, communityA, "Flat 3-201", "Building 3, flat 201"));
    gasDevice = "gas-" + run;
    devices.create(
        new Device(
            gasDevice, gateway, "gas-lel-modbus", null, household, null, null, null, null, null));
    gatewayClient =
        new HttpGateway(
            gateway, tokens.issue(Role.GATEWAY, gateway, null, gateway).secret(), clock::millis);
    operatorA = tokens.issue(Role.OPERATOR, "grid-worker-" + run, communityA, null).secret();
    operatorB = tokens.issue(Role.OPERATOR, "other-" + run, "cb-" + run, null).secret();
    viewerA = tokens.issue(Role.VIEWER, "viewer-" + run, communityA, null).secret();
  }

  @AfterEach
  void closeStream() {
    if (stream != null) {
      stream.close();
    }
  }

  @Test
  void readingsRaiseUpdateAndResolveEventsSeenLiveAndOnlyByTheirCommunity() throws Exception {
    stream = EventStream.open(streamUrl, operatorA, WAIT);

    // a gas leak in the flat, and station 0 well above its three neighbours
    long t = clock.millis() - 60_000;
    ingest(gas(25.0, t), pm(1, 10.0, t), pm(2, 11.0, t), pm(3, 9.0, t), pm(0, 20.0, t + 1000));
    JsonPath gasEvent = awaitEvent("gas-high", "open", 1);
    assertThat(gasEvent.getString("severity")).isEqualTo("critical");
    assertThat(gasEvent.getString("unitId")).isEqualTo(communityA);
    assertThat(gasEvent.getString("householdId")).isEqualTo(household);
    assertThat(gasEvent.getString("dueAt")).isNotNull();
    JsonPath pmEvent = awaitEvent("pm25-above-neighbours", "open", 1);
    assertThat(pmEvent.getString("stationId")).isEqualTo(stations.get(0));
    assertThat(pmEvent.getList("details.neighbours")).hasSize(3);
    assertThat(pmEvent.getDouble("details.neighbourMean")).isEqualTo(10.0);

    // the leak goes on: the same event, counted
    ingest(gas(27.0, t + 2000));
    JsonPath updated = awaitEvent("gas-high", "open", 2);
    assertThat(updated.getDouble("lastValue")).isEqualTo(27.0);
    assertThat(eventIds("gas-high")).hasSize(1);

    // the gas clears: the event resolves itself
    ingest(gas(3.0, t + 3000));
    JsonPath resolved = awaitEvent("gas-high", "resolved", 2);
    assertThat(resolved.getString("resolvedBy")).isEqualTo("system");

    long pmId = pmEvent.getLong("id");
    long gasId = gasEvent.getLong("id");
    // another community's operator sees nothing of it and can do nothing to it
    given().auth().oauth2(operatorB).get("/api/v1/events/" + pmId).then().statusCode(404);
    given()
        .auth()
        .oauth2(operatorB)
        .contentType("application/json")
        .body(Map.of("note", "mine now"))
        .post("/api/v1/events/" + pmId + "/ack")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(operatorB)
        .get("/api/v1/events")
        .then()
        .statusCode(200)
        .body("total", equalTo(0));
    given()
        .auth()
        .oauth2(operatorB)
        .queryParam("unit", communityA)
        .get("/api/v1/events")
        .then()
        .statusCode(403);
    // a viewer reads but cannot act
    given().auth().oauth2(viewerA).get("/api/v1/events/" + pmId).then().statusCode(200);
    // its delivery log, to whoever sees the event (nothing is wired to notify here: empty)
    given()
        .auth()
        .oauth2(viewerA)
        .get("/api/v1/events/" + pmId + "/notifications")
        .then()
        .statusCode(200)
        .body("size()", equalTo(0));
    given()
        .auth()
        .oauth2(operatorB)
        .get("/api/v1/events/" + pmId + "/notifications")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(viewerA)
        .contentType("application/json")
        .body(Map.of())
        .post("/api/v1/events/" + pmId + "/ack")
        .then()
        .statusCode(403);

    // the closed loop, by the community's grid worker
    step(pmId, "ack", Map.of("note", "on my way")).body("status", equalTo("acknowledged"));
    step(pmId, "assign", Map.of("assignee", "Wang Wei")).body("assignee", equalTo("Wang Wei"));
    // a bare POST (no body, no Content-Type) is a step without a note: here a wrong one
    given()
        .auth()
        .oauth2(operatorA)
        .post("/api/v1/events/" + pmId + "/close")
        .then()
        .statusCode(409)
        .body("error", containsString("resolved"));
    given()
        .auth()
        .oauth2(operatorA)
        .contentType("application/json")
        .body("{note: unquoted")
        .post("/api/v1/events/" + pmId + "/resolve")
        .then()
        .statusCode(400)
        .body("error", containsString("not a JSON object"));
    step(pmId, "resolve", Map.of("note", "construction dust next door"))
        .body("status", equalTo("resolved"));
    step(pmId, "close", Map.of("note", "site watered, readings normal"))
        .body("status", equalTo("closed"))
        .body(
            "audit.action",
            org.hamcrest.Matchers.contains(
                "raised", "acknowledged", "assigned", "resolved", "closed"))
        .body("audit[1].actor", equalTo("grid-worker-" + run));

    given()
        .auth()
        .oauth2(operatorA)
        .queryParam("unit", communityA)
        .get("/api/v1/kpis")
        .then()
        .statusCode(200)
        .body("units[0].raised", equalTo(2))
        .body("units[0].closed", equalTo(1))
        .body("units[0].closureRate", equalTo(0.5f));

    // the live screen saw the gas event raised, updated and resolved
    Poll.until(
        "the stream to show the gas event resolved",
        WAIT,
        () -> stream.lines().contains("event:resolved"),
        stream.lines()::toString);
    // SSE fields only: event, id, data (the event as JSON), comments; no stray content-type line
    assertThat(stream.lines()).noneMatch(l -> l.toLowerCase().startsWith("content-type"));
    String data =
        stream.lines().stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
    assertThat(JsonPath.from(data.substring(5)).getString("ruleId")).isNotBlank();
    assertThat(stream.lines()).contains("event:raised", "event:updated", "id:" + gasId);
  }

  @Test
  void aDeviceInMaintenanceRaisesTestEventsOnly() throws Exception {
    given()
        .auth()
        .oauth2(operatorA)
        .contentType("application/json")
        .body(
            Map.of("until", clock.instant().plusSeconds(3600).toString(), "note", "detector test"))
        .post("/api/v1/devices/" + gasDevice + "/maintenance")
        .then()
        .statusCode(201);
    given()
        .auth()
        .oauth2(operatorB)
        .contentType("application/json")
        .body(Map.of("until", clock.instant().plusSeconds(3600).toString()))
        .post("/api/v1/devices/" + gasDevice + "/maintenance")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(operatorA)
        .contentType("application/json")
        .body(Map.of("until", "9999-12-31T00:00:00Z"))
        .post("/api/v1/devices/" + gasDevice + "/maintenance")
        .then()
        .statusCode(400)
        .body("field", equalTo("until"))
        .body("error", containsString("at most 7 days ahead"));
    // read after maintenance began: a reading from before it would be real
    ingest(gas(40.0, clock.millis()));
    JsonPath event = awaitEvent("gas-high", "open", 1);
    assertThat(event.getBoolean("test")).isTrue();
    // who silenced it, until when and why: in the list's details and in the audit
    assertThat(event.getString("details.maintenance.startedBy")).isEqualTo("grid-worker-" + run);
    assertThat(event.getString("details.maintenance.note")).isEqualTo("detector test");
    assertThat(event.getString("audit[0].note"))
        .contains("device in maintenance until")
        .contains("detector test");
  }

  @Test
  void rulesAreReadByAnyoneAndABadRuleIsRefusedWithItsField() {
    given()
        .auth()
        .oauth2(viewerA)
        .get("/api/v1/rules")
        .then()
        .statusCode(200)
        .body("rules.id", org.hamcrest.Matchers.hasItem("gas-high"));
    given()
        .auth()
        .oauth2(operatorA)
        .contentType("application/yaml")
        .body("rules: []\n".getBytes(UTF_8))
        .put("/api/v1/rules")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret())
        .contentType("application/yaml")
        .body("rules:\n  - id: pm\n    type: neighbour\n    ratio: -1\n".getBytes(UTF_8))
        .put("/api/v1/rules")
        .then()
        .statusCode(400)
        .body("field", equalTo("rules[0].ratio"))
        .body("error", containsString("PUT /api/v1/rules:4"));
    given()
        .auth()
        .oauth2(viewerA)
        .get("/api/v1/rules/status")
        .then()
        .statusCode(200)
        .body("ruleId", org.hamcrest.Matchers.hasItem("pm25-above-neighbours"));
  }

  @Test
  void anItemTheEventsCannotTakeIsSetAsideForAnAdminAndTheRestGoesOn() throws Exception {
    long t = clock.millis() - 60_000;
    // a gateway alarm on a point longer than an event's subject may be (the ingest checks the
    // points of readings against the profile, not those of the gateway's own alarms)
    String longPoint = "gas" + "x".repeat(200);
    EdgeEvent poison =
        new EdgeEvent(
            gatewayClient.nextSeq(),
            gasDevice,
            longPoint,
            EdgeEvent.RAISED,
            Value.of(30.0),
            ">= 20.0",
            t,
            List.of());
    gatewayClient.send(List.of(poison), gas(26.0, t + 1));

    awaitEvent("gas-high", "open", 1);
    String admin = tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret();
    Poll.until(
        "the reading set aside",
        WAIT,
        () ->
            given()
                .auth()
                .oauth2(admin)
                .get("/api/v1/rules/set-aside")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("deviceId")
                .contains(gasDevice));
    JsonPath item =
        given()
            .auth()
            .oauth2(admin)
            .get("/api/v1/rules/set-aside?limit=1")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(item.getString("[0].stage")).isEqualTo("events");
    assertThat(item.getString("[0].reason")).containsIgnoringCase("too long");
    assertThat(item.getString("[0].item")).contains(longPoint);
    given().auth().oauth2(operatorA).get("/api/v1/rules/set-aside").then().statusCode(403);
    given().auth().oauth2(admin).get("/api/v1/rules/set-aside?limit=0").then().statusCode(400);
    given()
        .get("/q/health")
        .then()
        .body("checks.find { it.name == 'rules thread' }.status", equalTo("UP"))
        .body("checks.find { it.name == 'rules lag' }.data.state", equalTo("ok"));
  }

  private io.restassured.response.ValidatableResponse step(
      long id, String action, Map<String, String> body) {
    return given()
        .auth()
        .oauth2(operatorA)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/events/" + id + "/" + action)
        .then();
  }

  /** Waits for the one event of {@code rule} in community A to reach a status and count. */
  private JsonPath awaitEvent(String rule, String status, int count) throws InterruptedException {
    JsonPath[] found = new JsonPath[1];
    Poll.until(
        rule + " event " + status + " with count " + count,
        WAIT,
        () -> {
          List<Map<String, Object>> items =
              given()
                  .auth()
                  .oauth2(operatorA)
                  .queryParam("unit", communityA)
                  .get("/api/v1/events")
                  .then()
                  .statusCode(200)
                  .extract()
                  .jsonPath()
                  .getList("items");
          for (Map<String, Object> e : items) {
            if (e.get("ruleId").equals(rule)
                && e.get("status").equals(status)
                && ((Number) e.get("count")).intValue() == count) {
              found[0] =
                  given()
                      .auth()
                      .oauth2(operatorA)
                      .get("/api/v1/events/" + e.get("id"))
                      .then()
                      .extract()
                      .jsonPath();
              return true;
            }
          }
          return false;
        },
        () -> given().auth().oauth2(operatorA).get("/api/v1/events").asString());
    return found[0];
  }

  private List<Object> eventIds(String rule) {
    return given()
        .auth()
        .oauth2(operatorA)
        .queryParam("unit", communityA)
        .get("/api/v1/events")
        .then()
        .extract()
        .jsonPath()
        .getList("items.findAll { it.ruleId == '" + rule + "' }.id");
  }

  private WireReading gas(double lel, long ts) {
    return gatewayClient.gas(gasDevice, lel, ts);
  }

  private WireReading pm(int station, double value, long ts) {
    return gatewayClient.reading(
        stationDevices.get(station), "pm2_5", Quantity.PM2_5, value, "µg/m³", ts);
  }

  private void ingest(WireReading... readings) {
    gatewayClient.send(readings);
  }
}
