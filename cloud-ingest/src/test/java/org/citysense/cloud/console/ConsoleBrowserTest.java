package org.citysense.cloud.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.http.HttpGateway;
import org.citysense.cloud.notify.AdjustableClock;
import org.citysense.cloud.notify.NotifyResource;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser: Debian's Chromium driven by playwright-core (both installed by
 * {@code scripts/test}) against this running cloud-ingest, with two communities loaded and accounts
 * made through the API. The browser side is {@code src/test/browser/console.test.mjs}; this test
 * seeds, hands it what it needs, and fails with its output when it fails. Notifications are on (SMS
 * by SMPP to a jSMPP server on loopback, {@link NotifyResource}), so that an event's page has
 * messages to show. Screenshots of each page are left in {@code target/console-screenshots}.
 */
@QuarkusTest
@TestProfile(ConsoleBrowserTest.OwnPeers.class)
class ConsoleBrowserTest {
  /**
   * Notifications on as {@link NotifyResource.Profile}, but a service and SMSC of its own: the
   * messages this test's events cause after it ends (an all clear) reach no other test's SMSC.
   */
  public static class OwnPeers extends NotifyResource.Profile {}

  private static final Path BROWSER_TESTS = Path.of("src/test/browser");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String PASSWORD = "console test password";
  private static final long TIMEOUT_MINUTES = 8;

  @Inject TokenService tokens;
  @Inject AdjustableClock clock;
  @Inject ObjectMapper json;
  @Inject DataSource dataSource;

  @TestHTTPResource("/")
  URL base;

  @Test
  void theConsoleWorksInABrowser() throws Exception {
    requireBrowser();
    String run = UUID.randomUUID().toString().substring(0, 8);
    // stations of this run far (> 10 km) from any other run's or test's in the same database, so
    // that the neighbour rule judges them by this run's readings alone
    double[] roof = farSpot();
    double[] cluster = farSpot();
    while (Arrays.equals(cluster, roof)) {
      cluster = farSpot();
    }
    // a district with two communities, made through the API with the bootstrap admin token
    String admin = tokens.issue(Role.ADMIN, "bootstrap-" + run, null, null).secret();
    String community = "ca-" + run;
    String other = "cb-" + run;
    post(admin, "/api/v1/units", unit("d-" + run, null, "district", "District " + run));
    post(admin, "/api/v1/units", unit("s-" + run, "d-" + run, "street", "Street " + run));
    post(admin, "/api/v1/units", unit(community, "s-" + run, "community", "Community A"));
    post(admin, "/api/v1/units", unit(other, "s-" + run, "community", "Community B"));
    post(
        admin,
        "/api/v1/stations",
        Map.of(
            "id",
            "st-" + run,
            "unitId",
            community,
            "name",
            "Roof",
            "lat",
            roof[0],
            "lon",
            roof[1]));
    String gateway =
        post(admin, "/api/v1/gateways", Map.of("unitId", community, "name", "basement gateway"))
            .path("id");
    String home = "h1-" + run;
    String neighbour = "h2-" + run;
    post(
        admin, "/api/v1/households", Map.of("id", home, "unitId", community, "name", "Flat 3-201"));
    post(
        admin,
        "/api/v1/households",
        Map.of("id", neighbour, "unitId", community, "name", "Flat 3-202"));
    String homeGas = "gas1-" + run;
    String neighbourGas = "gas2-" + run;
    post(
        admin,
        "/api/v1/devices",
        Map.of(
            "id", homeGas, "gatewayId", gateway, "profile", "gas-lel-modbus", "householdId", home));
    post(
        admin,
        "/api/v1/devices",
        Map.of(
            "id",
            neighbourGas,
            "gatewayId",
            gateway,
            "profile",
            "gas-lel-modbus",
            "householdId",
            neighbour));
    // the station's dust sensor: alone within 10 km, the neighbour rule cannot judge it
    String dust = "pm-" + run;
    post(
        admin,
        "/api/v1/devices",
        Map.of(
            "id", dust, "gatewayId", gateway, "profile", "pm25-rs485", "stationId", "st-" + run));
    // a third community, far from every other test's stations: four dust stations within 2 km, one
    // reading well above its three neighbours (for the neighbour rule's chart, seen by the admin)
    String third = "cc-" + run;
    post(admin, "/api/v1/units", unit(third, "s-" + run, "community", "Community C"));
    String thirdGateway =
        post(admin, "/api/v1/gateways", Map.of("unitId", third, "name", "school gateway"))
            .path("id");
    List<String> dustDevices = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String station = "stc" + i + "-" + run;
      post(
          admin,
          "/api/v1/stations",
          Map.of(
              "id",
              station,
              "unitId",
              third,
              "name",
              "Station C" + i,
              "lat",
              cluster[0] + 0.004 * i,
              "lon",
              cluster[1]));
      String device = "pmc" + i + "-" + run;
      post(
          admin,
          "/api/v1/devices",
          Map.of(
              "id",
              device,
              "gatewayId",
              thirdGateway,
              "profile",
              "pm25-rs485",
              "stationId",
              station));
      dustDevices.add(device);
    }
    String thirdToken =
        post(
                admin,
                "/api/v1/tokens",
                Map.of("role", "gateway", "subject", thirdGateway, "gatewayId", thirdGateway))
            .path("token");
    // who is told: the family of the first flat (one contact to opt out), the community's grid
    // worker
    post(
        admin,
        "/api/v1/households/" + home + "/contacts",
        Map.of("name", "Wang Fang", "phone", "+8613900009000", "consent", true, "language", "zh"));
    String second =
        post(
                admin,
                "/api/v1/households/" + home + "/contacts",
                Map.of("name", "Wang Lei", "phone", "+8613900009001", "consent", true))
            .path("id");
    post(
        admin,
        "/api/v1/units/" + community + "/staff",
        Map.of(
            "role", "grid_worker", "name", "Li Wei", "phone", "+8613800138000", "consent", true));
    String gatewayToken =
        post(
                admin,
                "/api/v1/tokens",
                Map.of("role", "gateway", "subject", gateway, "gatewayId", gateway))
            .path("token");

    // the bootstrap admin token makes the first admin account, and the others
    Map<String, String> accounts = new HashMap<>();
    accounts.put("admin", account(admin, "admin-" + run, "admin", Map.of()));
    accounts.put("operator", account(admin, "op-" + run, "operator", Map.of("unitId", community)));
    accounts.put(
        "otherOperator", account(admin, "op-b-" + run, "operator", Map.of("unitId", other)));
    accounts.put("viewer", account(admin, "viewer-" + run, "viewer", Map.of("unitId", community)));
    accounts.put(
        "family", account(admin, "family-" + run, "family", Map.of("households", List.of(home))));

    // the gas readings the browser test sends through the ingest, as the gateway would
    HttpGateway gatewayClient = new HttpGateway(gateway, gatewayToken, clock::millis);
    Path work = Files.createDirectories(Path.of("target/console-test"));
    long t = clock.millis() - 1000;
    Path homeBatch = work.resolve("home-gas-" + run + ".json");
    // the home's detector read low for a while before the leak, for the event page's chart
    Files.write(
        homeBatch,
        gatewayClient.body(
            List.of(),
            gatewayClient.gas(homeGas, 4.0, t - 20 * 60_000),
            gatewayClient.gas(homeGas, 5.0, t - 10 * 60_000),
            gatewayClient.gas(homeGas, 30.0, t)));
    Path stationBatch = work.resolve("station-dust-" + run + ".json");
    Files.write(
        stationBatch,
        gatewayClient.body(
            List.of(),
            gatewayClient.reading(dust, "pm2_5", Quantity.PM2_5, 35.0, "µg/m³", t - 30 * 60_000),
            gatewayClient.reading(dust, "pm2_5", Quantity.PM2_5, 41.0, "µg/m³", t)));
    HttpGateway thirdClient = new HttpGateway(thirdGateway, thirdToken, clock::millis);
    Path dustNeighbours = work.resolve("dust-neighbours-" + run + ".json");
    Files.write(
        dustNeighbours,
        thirdClient.body(
            List.of(),
            dustDevices.subList(1, 4).stream()
                .map(d -> thirdClient.reading(d, "pm2_5", Quantity.PM2_5, 30.0, "µg/m³", t))
                .toArray(WireReading[]::new)));
    Path dustHigh = work.resolve("dust-high-" + run + ".json");
    Files.write(
        dustHigh,
        thirdClient.body(
            List.of(),
            thirdClient.reading(dustDevices.get(0), "pm2_5", Quantity.PM2_5, 45.0, "µg/m³", t)));
    Path neighbourBatch = work.resolve("neighbour-gas-" + run + ".json");
    Files.write(
        neighbourBatch, gatewayClient.body(List.of(), gatewayClient.gas(neighbourGas, 30.0, t)));

    Map<String, Object> fixture = new HashMap<>();
    fixture.put("password", PASSWORD);
    fixture.put("accounts", accounts);
    fixture.put("adminToken", admin);
    fixture.put("gatewayToken", gatewayToken);
    fixture.put("homeBatch", homeBatch.toAbsolutePath().toString());
    fixture.put("dustNeighboursBatch", dustNeighbours.toAbsolutePath().toString());
    fixture.put("dustHighBatch", dustHigh.toAbsolutePath().toString());
    fixture.put("dustHighDevice", dustDevices.get(0));
    fixture.put("dustToken", thirdToken);
    fixture.put("stationBatch", stationBatch.toAbsolutePath().toString());
    fixture.put("station", "st-" + run);
    fixture.put("stationDevice", dust);
    fixture.put("neighbourBatch", neighbourBatch.toAbsolutePath().toString());
    fixture.put("home", home);
    fixture.put("homeName", "Flat 3-201");
    fixture.put("contactToOptOut", second);
    fixture.put("community", community);
    fixture.put("otherCommunity", other);
    fixture.put("homeDevice", homeGas);
    fixture.put("neighbourDevice", neighbourGas);
    fixture.put("screenshots", Path.of("target/console-screenshots").toAbsolutePath().toString());
    Path fixtureFile = work.resolve("fixture-" + run + ".json");
    Files.writeString(fixtureFile, json.writeValueAsString(fixture));

    String baseUrl = base.toString().replaceAll("/$", "");
    Result result = runNode(baseUrl, fixtureFile);
    settle(admin, "d-" + run, List.of(community, other, third));
    assertThat(result.exit())
        .as("the browser test failed (exit %d); its output:%n%s", result.exit(), result.output())
        .isZero();
    assertThat(result.output()).contains("console browser test: all passed");
  }

  /**
   * Closes what the test left active and waits until the notifier has told all of it: the database
   * outlives this service, and a message left queued would be sent by the next test's service, to
   * that test's SMSC. An all-clear waits out the flap window (15 min): the clock moves past it.
   */
  private void settle(String admin, String district, List<String> units) throws Exception {
    List<Map<String, Object>> left =
        given()
            .auth()
            .oauth2(admin)
            .queryParam("unit", district)
            .queryParam("status", "open,acknowledged,resolved")
            .queryParam("limit", 500)
            .get("/api/v1/events")
            .then()
            .statusCode(200)
            .extract()
            .path("items");
    for (Map<String, Object> event : left) {
      String path = "/api/v1/events/" + event.get("id");
      if (!"resolved".equals(event.get("status"))) {
        given().auth().oauth2(admin).post(path + "/resolve").then().statusCode(200);
      }
      given().auth().oauth2(admin).post(path + "/close").then().statusCode(200);
    }
    clock.advance(Duration.ofMinutes(16));
    // the outbox goes on (other tests' silent gateways): what matters is the changes made by now
    long target = number("SELECT COALESCE(MAX(position), 0) FROM event_changes", List.of());
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (number(
                "SELECT COALESCE(MAX(position), 0) FROM consumer_positions"
                    + " WHERE consumer = 'notifier'",
                List.of())
            < target
        || number(
                "SELECT COUNT(*) FROM notifications n JOIN events e ON e.id = n.event_id"
                    + " WHERE n.status = 'queued' AND e.unit_id IN (?, ?, ?)",
                units)
            > 0) {
      if (System.nanoTime() > until) {
        throw new AssertionError("the notifier did not tell the test's last changes in 2 minutes");
      }
      Thread.sleep(200);
    }
    // and so the grid worker was told that the gas leak the console closed is over
    assertThat(
            number(
                "SELECT COUNT(*) FROM notifications n JOIN events e ON e.id = n.event_id"
                    + " WHERE n.kind = 'all_clear' AND n.recipient_role = 'grid_worker'"
                    + " AND n.status IN ('submitted', 'delivered') AND e.unit_id = ?",
                units.subList(0, 1)))
        .isPositive();
  }

  private long number(String sql, List<String> params) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        s.setString(i + 1, params.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A random spot on a grid of 0.2° (over 20 km) away from where the other tests put stations. */
  private static double[] farSpot() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new double[] {40 + 0.2 * random.nextInt(50), 80 + 0.2 * random.nextInt(100)};
  }

  private static ExtractableResponse<Response> post(
      String token, String path, Map<String, ?> body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post(path)
        .then()
        .statusCode(201)
        .extract();
  }

  private static Map<String, Object> unit(String id, String parent, String level, String name) {
    Map<String, Object> unit = new HashMap<>(Map.of("id", id, "level", level, "name", name));
    if (parent != null) {
      unit.put("parentId", parent);
    }
    return unit;
  }

  private String account(String admin, String username, String role, Map<String, Object> scope) {
    Map<String, Object> body = new HashMap<>(scope);
    body.put("username", username);
    body.put("password", PASSWORD);
    body.put("role", role);
    given()
        .auth()
        .oauth2(admin)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/accounts")
        .then()
        .statusCode(201);
    return username;
  }

  private record Result(int exit, String output) {}

  private static Result runNode(String baseUrl, Path fixture)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("console-browser-test", ".log");
    Process node =
        new ProcessBuilder("node", "console.test.mjs", baseUrl, fixture.toAbsolutePath().toString())
            .directory(BROWSER_TESTS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!node.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      node.destroyForcibly().waitFor();
      return new Result(
          -1,
          "no end after "
              + TIMEOUT_MINUTES
              + " minutes:\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    return new Result(node.exitValue(), output);
  }

  /** Never skipped: without the browser or the npm packages, the test fails and says why. */
  private static void requireBrowser() {
    assertThat(Files.isExecutable(CHROMIUM))
        .as(
            "%s is missing: the console's browser tests need Debian's chromium; run scripts/test"
                + " (it installs it with apt-get)",
            CHROMIUM)
        .isTrue();
    assertThat(Files.isDirectory(BROWSER_TESTS.resolve("node_modules/playwright-core")))
        .as(
            "%s has no node_modules/playwright-core: run scripts/test (it runs npm ci there)",
            BROWSER_TESTS.toAbsolutePath())
        .isTrue();
  }
}
