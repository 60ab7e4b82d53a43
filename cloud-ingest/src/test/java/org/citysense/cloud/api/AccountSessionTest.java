package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.registry.Household;
import org.citysense.cloud.registry.HouseholdRepository;
import org.citysense.cloud.registry.Unit;
import org.citysense.cloud.registry.UnitRepository;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Named accounts and console sessions over HTTP: an admin (the bootstrap token) creates accounts
 * with the scopes tokens have; signing in sets an HttpOnly, SameSite=Strict cookie (Secure behind
 * an HTTPS proxy) that works on the API like a token, changes only with the CSRF token; signing
 * out, disabling, deleting or changing the account ends the session, its event streams too.
 */
@QuarkusTest
class AccountSessionTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PASSWORD = "correct horse battery";

  @Inject DataSource dataSource;
  @Inject TokenService tokens;

  @TestHTTPResource("/api/v1/events/stream")
  URL streamUrl;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<CompletableFuture<?>> streams = new CopyOnWriteArrayList<>();
  private String run;
  private String admin;
  private String community;
  private String home;

  @BeforeEach
  void aCommunity() {
    run = UUID.randomUUID().toString().substring(0, 8);
    UnitRepository units = new UnitRepository(dataSource);
    units.create(new Unit("d-" + run, null, "district", "District " + run));
    units.create(new Unit("s-" + run, "d-" + run, "street", "Street"));
    community = "c-" + run;
    units.create(new Unit(community, "s-" + run, "community", "Community"));
    home = "h-" + run;
    new HouseholdRepository(dataSource).create(new Household(home, community, "Flat 1", null));
    admin = tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret();
  }

  @AfterEach
  void closeStreams() {
    streams.forEach(s -> s.cancel(true));
  }

  @Test
  void theConsoleIsServedWithItsVendoredModules() {
    given()
        .redirects()
        .follow(false)
        .get("/console")
        .then()
        .statusCode(302)
        .header("Location", containsString("/console/"));
    given()
        .get("/console/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .header("X-Frame-Options", "DENY")
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
        .header("Content-Security-Policy", containsString("script-src 'self' 'sha256-"))
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "no-cache")
        .body(containsString("importmap"));
    for (String module :
        List.of("vendor/preact/preact.mjs", "vendor/htm/preact.mjs", "app.js", "i18n/zh.js")) {
      given()
          .get("/console/" + module)
          .then()
          .statusCode(200)
          .contentType(containsString("javascript"));
    }
    given().get("/console/vendor/leaflet/LICENSE").then().statusCode(200);
    // checked for change at each load, and not sent again when unchanged
    String lastModified =
        given()
            .get("/console/app.js")
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-cache")
            .extract()
            .header("Last-Modified");
    given().header("If-Modified-Since", lastModified).get("/console/app.js").then().statusCode(304);
  }

  @Test
  void anAdminTokenCreatesAccountsWithExplicitScopes() {
    create("op-" + run, "operator", Map.of("unitId", community))
        .then()
        .statusCode(201)
        .body("role", equalTo("OPERATOR"))
        .body("unitId", equalTo(community))
        .body("$", not(org.hamcrest.Matchers.hasKey("passwordHash")));
    create("fam-" + run, "family", Map.of("households", List.of(home)))
        .then()
        .statusCode(201)
        .body("householdIds", equalTo(List.of(home)));
    // the token rules: an operator names its unit, a family its households
    create("op2-" + run, "operator", Map.of())
        .then()
        .statusCode(400)
        .body("field", equalTo("unitId"));
    create("fam2-" + run, "family", Map.of("unitId", community))
        .then()
        .statusCode(400)
        .body("field", equalTo("households"));
    create("gw-" + run, "gateway", Map.of()).then().statusCode(400).body("field", equalTo("role"));
    create("op-" + run, "viewer", Map.of("allUnits", true))
        .then()
        .statusCode(400)
        .body("field", equalTo("username"));
    given()
        .auth()
        .oauth2(admin)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "username", "short-" + run, "password", "abc", "role", "viewer", "allUnits", true))
        .post("/api/v1/accounts")
        .then()
        .statusCode(400)
        .body("field", equalTo("password"));
    given()
        .auth()
        .oauth2(admin)
        .get("/api/v1/accounts")
        .then()
        .statusCode(200)
        .body("username", hasItem("op-" + run));
    // only admins manage accounts, whether by token or by session
    String viewer = tokens.issue(Role.VIEWER, "v-" + run, community, null).secret();
    given().auth().oauth2(viewer).get("/api/v1/accounts").then().statusCode(403);
    Session operator = signIn("op-" + run);
    operator.get("/api/v1/accounts").then().statusCode(403);
    create("adm-" + run, "admin", Map.of()).then().statusCode(201);
    Session adminSession = signIn("adm-" + run);
    adminSession
        .change(
            "POST",
            "/api/v1/accounts",
            true,
            accountBody("v-" + run, "viewer", Map.of("allUnits", true)))
        .then()
        .statusCode(201);
  }

  @Test
  void theCookieIsHttpOnlyStrictAndSecureOverHttps() {
    create("op-" + run, "operator", Map.of("unitId", community)).then().statusCode(201);
    Response plain = signInResponse("op-" + run, PASSWORD, Map.of());
    plain.then().statusCode(200).body("csrf", notNullValue()).body("role", equalTo("OPERATOR"));
    String cookie = plain.getHeader("Set-Cookie");
    assertThat(cookie)
        .startsWith(SessionCookie.NAME + "=")
        .contains("HttpOnly", "SameSite=Strict", "Path=/")
        .doesNotContain("Secure");
    Response proxied = signInResponse("op-" + run, PASSWORD, Map.of("X-Forwarded-Proto", "https"));
    assertThat(proxied.getHeader("Set-Cookie")).contains("Secure", "HttpOnly", "SameSite=Strict");
    signInResponse("op-" + run, "wrong password!", Map.of())
        .then()
        .statusCode(401)
        .body("error", containsString("wrong username or password"));
    signInResponse("nobody-" + run, PASSWORD, Map.of()).then().statusCode(401);
  }

  @Test
  void aSessionWorksLikeATokenAndChangesOnlyWithItsCsrfToken() {
    create("op-" + run, "operator", Map.of("unitId", community)).then().statusCode(201);
    Session op = signIn("op-" + run);
    op.get("/api/v1/session")
        .then()
        .statusCode(200)
        .body("username", equalTo("op-" + run))
        .body("unitId", equalTo(community))
        .body("csrf", equalTo(op.csrf));
    op.get("/api/v1/events").then().statusCode(200);
    op.get("/api/v1/kpis").then().statusCode(200);
    // a change without the CSRF token is refused before anything is looked up
    op.change("POST", "/api/v1/events/999999999/ack", false, Map.of("note", "x"))
        .then()
        .statusCode(403)
        .body("error", containsString("X-CSRF-Token"));
    op.change("POST", "/api/v1/events/999999999/ack", true, Map.of("note", "x"))
        .then()
        .statusCode(404);
    // the same scoping as tokens: an operator manages no accounts, sees no other unit
    op.get("/api/v1/units/d-" + run).then().statusCode(403);
    // no cookie, no token: 401
    given().get("/api/v1/events").then().statusCode(401);
    given().cookie(SessionCookie.NAME, "made-up").get("/api/v1/events").then().statusCode(401);
  }

  @Test
  void aFamilySessionReachesItsHouseholdOnly() {
    create("fam-" + run, "family", Map.of("households", List.of(home))).then().statusCode(201);
    Session family = signIn("fam-" + run);
    family.get("/api/v1/households/" + home).then().statusCode(200);
    family.get("/api/v1/kpis").then().statusCode(403);
    family.get("/api/v1/session").then().statusCode(200).body("role", equalTo("FAMILY"));
  }

  @Test
  void signingOutDisablingDeletingOrChangingEndsTheSession() throws Exception {
    create("a-" + run, "viewer", Map.of("unitId", community)).then().statusCode(201);
    Session a = signIn("a-" + run);
    // signing out needs the CSRF token too, and clears the cookie
    a.change("DELETE", "/api/v1/session", false, null).then().statusCode(403);
    Response out = a.change("DELETE", "/api/v1/session", true, null);
    out.then().statusCode(204);
    assertThat(out.getHeader("Set-Cookie")).contains("Max-Age=0");
    a.get("/api/v1/events").then().statusCode(401);
    a.get("/api/v1/session").then().statusCode(401);

    Session b = signIn("a-" + run);
    List<String> lines = new CopyOnWriteArrayList<>();
    CompletableFuture<?> stream = open(b, lines);
    given()
        .auth()
        .oauth2(admin)
        .post("/api/v1/accounts/a-" + run + "/disable")
        .then()
        .statusCode(200);
    b.get("/api/v1/events").then().statusCode(401);
    signInResponse("a-" + run, PASSWORD, Map.of()).then().statusCode(401);
    // its open event stream ends at the next check
    stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(lines).contains("event:revoked");
    given()
        .auth()
        .oauth2(admin)
        .post("/api/v1/accounts/a-" + run + "/enable")
        .then()
        .statusCode(200);
    b.get("/api/v1/events").then().statusCode(401); // enabling again opens no old session

    Session c = signIn("a-" + run);
    given()
        .auth()
        .oauth2(admin)
        .contentType(ContentType.JSON)
        .body(Map.of("role", "operator", "unitId", community))
        .put("/api/v1/accounts/a-" + run)
        .then()
        .statusCode(200)
        .body("role", equalTo("OPERATOR"));
    c.get("/api/v1/events").then().statusCode(401);
    Session d = signIn("a-" + run);
    d.get("/api/v1/session").then().statusCode(200).body("role", equalTo("OPERATOR"));
    given().auth().oauth2(admin).delete("/api/v1/accounts/a-" + run).then().statusCode(204);
    d.get("/api/v1/events").then().statusCode(401);
    given().auth().oauth2(admin).delete("/api/v1/accounts/a-" + run).then().statusCode(404);
  }

  private Response create(String username, String role, Map<String, Object> scope) {
    return given()
        .auth()
        .oauth2(admin)
        .contentType(ContentType.JSON)
        .body(accountBody(username, role, scope))
        .post("/api/v1/accounts");
  }

  private static Map<String, Object> accountBody(
      String username, String role, Map<String, Object> scope) {
    Map<String, Object> body = new HashMap<>(scope);
    body.put("username", username);
    body.put("password", PASSWORD);
    body.put("role", role);
    return body;
  }

  private static Response signInResponse(
      String username, String password, Map<String, String> headers) {
    return given()
        .headers(headers)
        .contentType(ContentType.JSON)
        .body(Map.of("username", username, "password", password))
        .post("/api/v1/session");
  }

  private static Session signIn(String username) {
    Response r = signInResponse(username, PASSWORD, Map.of());
    r.then().statusCode(200);
    return new Session(r.getCookie(SessionCookie.NAME), r.path("csrf"));
  }

  /** A signed-in client: its cookie, and the CSRF token it sends with changes when asked to. */
  private record Session(String cookie, String csrf) {
    Response get(String path) {
      return given().cookie(SessionCookie.NAME, cookie).get(path);
    }

    Response change(String method, String path, boolean withCsrf, Object body) {
      var request = given().cookie(SessionCookie.NAME, cookie);
      if (withCsrf) {
        request = request.header(SessionCookie.CSRF_HEADER, csrf);
      }
      if (body != null) {
        request = request.contentType(ContentType.JSON).body(body);
      }
      return request.request(method, path);
    }
  }

  private CompletableFuture<?> open(Session session, List<String> lines) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(streamUrl.toString()))
            .header("Cookie", SessionCookie.NAME + "=" + session.cookie())
            .header("Accept", "text/event-stream")
            .build();
    CompletableFuture<?> body =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
            .thenAccept(
                r -> {
                  assertThat(r.statusCode()).isEqualTo(200);
                  r.body().forEach(lines::add);
                });
    streams.add(body);
    Poll.until("the event stream to open", WAIT, () -> !lines.isEmpty() || body.isDone());
    assertThat(body).as("the stream ended at once: %s", lines).isNotDone();
    return body;
  }
}
