package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.http.EventStream;
import org.citysense.cloud.http.EventsApi;
import org.citysense.cloud.http.HttpGateway;
import org.citysense.cloud.registry.Device;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.Household;
import org.citysense.cloud.registry.HouseholdRepository;
import org.citysense.cloud.registry.Unit;
import org.citysense.cloud.registry.UnitRepository;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The family role over HTTP: a token an operator issues for one household sees that household's
 * events, devices, readings and contacts and nothing else (403 or 404 everywhere else, also on the
 * live stream); it acknowledges a critical event for the family only; phones are masked for
 * families and viewers; every person's token names its scope.
 */
@QuarkusTest
class FamilyAccessTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PHONE = "+8613800000203";
  private static final String MASKED = "+86 138****0203";

  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject Clock clock;

  @TestHTTPResource("/api/v1/events/stream")
  URL streamUrl;

  private String run;
  private String community;
  private String gateway;
  private HttpGateway gatewayClient;
  private String admin;
  private String operator;
  private String otherOperator;
  private String viewer;
  private String home;
  private String neighbour;
  private String otherCommunityHome;
  private String homeGas;
  private String neighbourGas;
  private EventStream stream;

  @BeforeEach
  void aCommunityWithTwoFlats() {
    run = UUID.randomUUID().toString().substring(0, 8);
    UnitRepository units = new UnitRepository(dataSource);
    units.create(new Unit("d-" + run, null, "district", "District " + run));
    units.create(new Unit("s-" + run, "d-" + run, "street", "Street"));
    community = "ca-" + run;
    units.create(new Unit(community, "s-" + run, "community", "Community A"));
    units.create(new Unit("cb-" + run, "s-" + run, "community", "Community B"));
    gateway = new GatewayRepository(dataSource).create(community, "basement gateway").id();
    HouseholdRepository households = new HouseholdRepository(dataSource);
    home = "h1-" + run;
    neighbour = "h2-" + run;
    otherCommunityHome = "h3-" + run;
    households.create(new Household(home, community, "Flat 3-201", null));
    households.create(new Household(neighbour, community, "Flat 3-202", null));
    households.create(new Household(otherCommunityHome, "cb-" + run, "Flat 9-101", null));
    DeviceRepository devices = new DeviceRepository(dataSource, Set.of("gas-lel-modbus"), clock);
    homeGas = "gas1-" + run;
    neighbourGas = "gas2-" + run;
    devices.create(
        new Device(homeGas, gateway, "gas-lel-modbus", null, home, null, null, null, null, null));
    devices.create(
        new Device(
            neighbourGas,
            gateway,
            "gas-lel-modbus",
            null,
            neighbour,
            null,
            null,
            null,
            null,
            null));
    gatewayClient =
        new HttpGateway(
            gateway, tokens.issue(Role.GATEWAY, gateway, null, gateway).secret(), clock::millis);
    admin = tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret();
    operator = tokens.issue(Role.OPERATOR, "op-" + run, community, null).secret();
    otherOperator = tokens.issue(Role.OPERATOR, "op-b-" + run, "cb-" + run, null).secret();
    viewer = tokens.issue(Role.VIEWER, "viewer-" + run, community, null).secret();
  }

  @AfterEach
  void closeStream() {
    if (stream != null) {
      stream.close();
    }
  }

  @Test
  void aFamilyTokenSeesItsHouseholdAndNothingElse() throws Exception {
    JsonPath issued =
        given()
            .auth()
            .oauth2(operator)
            .contentType("application/json")
            .body(Map.of("role", "family", "subject", "Wang Fang", "households", List.of(home)))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .body("info.role", equalTo("FAMILY"))
            .body("info.householdIds", equalTo(List.of(home)))
            .extract()
            .jsonPath();
    String family = issued.getString("token");
    // an operator issues family tokens for its own community's households only, nothing else
    given()
        .auth()
        .oauth2(operator)
        .contentType("application/json")
        .body(Map.of("role", "family", "subject", "x", "households", List.of(otherCommunityHome)))
        .post("/api/v1/tokens")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(operator)
        .contentType("application/json")
        .body(Map.of("role", "viewer", "subject", "x", "unitId", community))
        .post("/api/v1/tokens")
        .then()
        .statusCode(403);

    stream = EventStream.open(streamUrl, family, WAIT);
    long t = clock.millis() - 1000;
    gatewayClient.send(gatewayClient.gas(neighbourGas, 30.0, t));
    gatewayClient.send(gatewayClient.gas(homeGas, 30.0, t));
    long homeEvent = awaitEvent(home);
    long neighbourEvent = awaitEvent(neighbour);

    // its household's event, live and listed; the neighbour's nowhere
    Poll.until(
        "the family's stream to show its event",
        WAIT,
        () -> stream.lines().contains("id:" + homeEvent),
        stream.lines()::toString);
    assertThat(stream.lines()).doesNotContain("id:" + neighbourEvent);
    given()
        .auth()
        .oauth2(family)
        .get("/api/v1/events")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("items[0].householdId", equalTo(home));
    given().auth().oauth2(family).get("/api/v1/events/" + homeEvent).then().statusCode(200);
    given().auth().oauth2(family).get("/api/v1/events/" + neighbourEvent).then().statusCode(404);
    given()
        .auth()
        .oauth2(family)
        .get("/api/v1/events/" + homeEvent + "/notifications")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(family)
        .queryParam("unit", community)
        .get("/api/v1/events")
        .then()
        .statusCode(403)
        .body("field", equalTo("unit"));

    // its household, device and readings; not the neighbour's
    given().auth().oauth2(family).get("/api/v1/households/" + home).then().statusCode(200);
    given().auth().oauth2(family).get("/api/v1/households/" + neighbour).then().statusCode(404);
    given().auth().oauth2(family).get("/api/v1/devices/" + homeGas).then().statusCode(200);
    given().auth().oauth2(family).get("/api/v1/devices/" + neighbourGas).then().statusCode(404);
    given()
        .auth()
        .oauth2(family)
        .queryParam("device", homeGas)
        .get("/api/v1/readings")
        .then()
        .statusCode(200)
        .body("size()", equalTo(1));
    given()
        .auth()
        .oauth2(family)
        .queryParam("device", neighbourGas)
        .get("/api/v1/readings")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(family)
        .get("/api/v1/readings")
        .then()
        .statusCode(400)
        .body("field", equalTo("device"));

    // nothing of the unit: its lists, stations, staff, rules, KPIs, tokens, other households
    for (String path :
        List.of(
            "/api/v1/units",
            "/api/v1/units/" + community,
            "/api/v1/units/" + community + "/staff",
            "/api/v1/households?unit=" + community,
            "/api/v1/stations?unit=" + community,
            "/api/v1/devices?gateway=" + gateway,
            "/api/v1/gateways/" + gateway,
            "/api/v1/rules",
            "/api/v1/kpis",
            "/api/v1/tokens")) {
      given()
          .auth()
          .oauth2(family)
          .get(path)
          .then()
          .statusCode(403)
          .body("error", containsString("family token"));
    }
    // of its event, only the acknowledgement
    for (String step : List.of("assign", "resolve", "close")) {
      given()
          .auth()
          .oauth2(family)
          .contentType("application/json")
          .body(Map.of("assignee", "me"))
          .post("/api/v1/events/" + homeEvent + "/" + step)
          .then()
          .statusCode(403);
    }
    given()
        .auth()
        .oauth2(family)
        .contentType("application/json")
        .body(Map.of("name", "Wang", "unitId", community))
        .put("/api/v1/households/" + home)
        .then()
        .statusCode(403);

    // a critical event acknowledged by the family stays open for the staff
    given()
        .auth()
        .oauth2(family)
        .contentType("application/json")
        .body(Map.of("note", "I called mum, the window is open"))
        .post("/api/v1/events/" + homeEvent + "/ack")
        .then()
        .statusCode(200)
        .body("status", equalTo("open"))
        .body("audit.action", hasItem("family_acked"));
    given()
        .auth()
        .oauth2(family)
        .post("/api/v1/events/" + homeEvent + "/ack")
        .then()
        .statusCode(409)
        .body("error", containsString("already acknowledged by the family"));
    given()
        .auth()
        .oauth2(family)
        .post("/api/v1/events/" + neighbourEvent + "/ack")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(operator)
        .post("/api/v1/events/" + homeEvent + "/ack")
        .then()
        .statusCode(200)
        .body("status", equalTo("acknowledged"));

    // its contacts: added, listed masked, opted out; not deleted
    String contactId =
        given()
            .auth()
            .oauth2(family)
            .contentType("application/json")
            .body(Map.of("name", "Wang Fang", "phone", PHONE, "consent", true))
            .post("/api/v1/households/" + home + "/contacts")
            .then()
            .statusCode(201)
            .body("phone", equalTo(MASKED))
            .extract()
            .path("id");
    given()
        .auth()
        .oauth2(family)
        .get("/api/v1/households/" + home + "/contacts")
        .then()
        .statusCode(200)
        .body("[0].phone", equalTo(MASKED));
    given()
        .auth()
        .oauth2(family)
        .get("/api/v1/households/" + neighbour + "/contacts")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(family)
        .post("/api/v1/households/" + home + "/contacts/" + contactId + "/opt-out")
        .then()
        .statusCode(200)
        .body("optedOut", equalTo(true))
        .body("reachable", equalTo(false));
    given()
        .auth()
        .oauth2(family)
        .delete("/api/v1/households/" + home + "/contacts/" + contactId)
        .then()
        .statusCode(403);

    // the operator lists and revokes it; from then on it opens nothing
    String tokenId = issued.getString("info.id");
    given()
        .auth()
        .oauth2(operator)
        .get("/api/v1/tokens")
        .then()
        .statusCode(200)
        .body("id", equalTo(List.of(tokenId)));
    given().auth().oauth2(otherOperator).delete("/api/v1/tokens/" + tokenId).then().statusCode(404);
    given().auth().oauth2(operator).delete("/api/v1/tokens/" + tokenId).then().statusCode(204);
    given().auth().oauth2(family).get("/api/v1/events").then().statusCode(401);
  }

  @Test
  void viewersAndFamiliesSeePhonesMaskedAndNoPushTokens() {
    given()
        .auth()
        .oauth2(operator)
        .contentType("application/json")
        .body(
            Map.of(
                "name",
                "Li Na",
                "phone",
                PHONE,
                "pushToken",
                "fcm-abcdefghijklmnop",
                "consent",
                true))
        .post("/api/v1/households/" + home + "/contacts")
        .then()
        .statusCode(201)
        .body("phone", equalTo(PHONE));
    given()
        .auth()
        .oauth2(operator)
        .contentType("application/json")
        .body(Map.of("role", "grid_worker", "name", "Zhang Wei", "phone", PHONE, "consent", true))
        .post("/api/v1/units/" + community + "/staff")
        .then()
        .statusCode(201);
    String family =
        tokens
            .issue(
                Role.FAMILY, "Li Na", org.citysense.cloud.auth.TokenScope.households(Set.of(home)))
            .secret();

    for (String reader : List.of(viewer, family)) {
      given()
          .auth()
          .oauth2(reader)
          .get("/api/v1/households/" + home + "/contacts")
          .then()
          .statusCode(200)
          .body("[0].phone", equalTo(MASKED))
          .body("[0].pushToken", nullValue());
    }
    given()
        .auth()
        .oauth2(viewer)
        .get("/api/v1/units/" + community + "/staff")
        .then()
        .statusCode(200)
        .body("[0].phone", equalTo(MASKED));
    // whole for the unit's operator and for admins
    for (String whole : List.of(operator, admin)) {
      given()
          .auth()
          .oauth2(whole)
          .get("/api/v1/households/" + home + "/contacts")
          .then()
          .statusCode(200)
          .body("[0].phone", equalTo(PHONE))
          .body("[0].pushToken", equalTo("fcm-abcdefghijklmnop"));
    }
  }

  @Test
  void everyPersonsTokenNamesItsScope() {
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body(Map.of("role", "viewer", "subject", "wall screen"))
        .post("/api/v1/tokens")
        .then()
        .statusCode(400)
        .body("field", equalTo("unitId"))
        .body("error", containsString("allUnits"));
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body(Map.of("role", "family", "subject", "Wang Fang"))
        .post("/api/v1/tokens")
        .then()
        .statusCode(400)
        .body("field", equalTo("households"));
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body(Map.of("role", "family", "subject", "Wang Fang", "households", List.of("h-none")))
        .post("/api/v1/tokens")
        .then()
        .statusCode(400)
        .body("field", equalTo("households"))
        .body("error", containsString("h-none"));
    String wall =
        given()
            .auth()
            .oauth2(admin)
            .contentType("application/json")
            .body(Map.of("role", "viewer", "subject", "wall screen", "allUnits", true))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .body("info.allUnits", equalTo(true))
            .extract()
            .path("token");
    given().auth().oauth2(wall).get("/api/v1/units/cb-" + run).then().statusCode(200);
    given().auth().oauth2(viewer).get("/api/v1/units/cb-" + run).then().statusCode(403);
  }

  /** Waits for the gas event of {@code household}, as the community's operator sees it. */
  private long awaitEvent(String household) throws InterruptedException {
    return EventsApi.awaitEvent(
        operator,
        community,
        "the gas event of " + household,
        e -> household.equals(e.get("householdId")),
        WAIT);
  }
}
