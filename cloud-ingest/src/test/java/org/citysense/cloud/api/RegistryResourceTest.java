package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenScope;
import org.citysense.cloud.auth.TokenService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry over HTTP: an admin builds a community, lists and changes it; field errors name the
 * field; viewers read only; operators write inside their own unit's subtree; revoked tokens are
 * refused.
 */
@QuarkusTest
class RegistryResourceTest {
  @Inject TokenService tokens;

  private String run;
  private String admin;

  @BeforeEach
  void adminToken() {
    run = UUID.randomUUID().toString().substring(0, 8);
    admin = tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret();
  }

  static ValidatableResponse post(String token, String path, Object body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .post(path)
        .then();
  }

  static ValidatableResponse put(String token, String path, Object body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .put(path)
        .then();
  }

  static ValidatableResponse get(String token, String path) {
    return given().auth().oauth2(token).when().get(path).then();
  }

  /** District › street › two communities, made by {@code token}; returns the street's id. */
  static String tree(String token, String run) {
    post(token, "/api/v1/units", unit("d-" + run, null, "district")).statusCode(201);
    post(token, "/api/v1/units", unit("s-" + run, "d-" + run, "street")).statusCode(201);
    post(token, "/api/v1/units", unit("c-" + run, "s-" + run, "community")).statusCode(201);
    post(token, "/api/v1/units", unit("c2-" + run, "s-" + run, "community")).statusCode(201);
    return "s-" + run;
  }

  static Map<String, Object> unit(String id, String parentId, String level) {
    return parentId == null
        ? Map.of("id", id, "level", level, "name", "Unit " + id)
        : Map.of("id", id, "parentId", parentId, "level", level, "name", "Unit " + id);
  }

  @Test
  void anAdminBuildsACommunityListsAndChangesIt() {
    tree(admin, run);
    String community = "c-" + run;
    get(admin, "/api/v1/units/" + community)
        .statusCode(200)
        .body("parentId", equalTo("s-" + run))
        .body("level", equalTo("community"));
    get(admin, "/api/v1/units").statusCode(200).body("id", hasItem(community));
    put(admin, "/api/v1/units/" + community, Map.of("name", "Riverside"))
        .statusCode(200)
        .body("name", equalTo("Riverside"));

    post(
            admin,
            "/api/v1/stations",
            Map.of(
                "id", "st-" + run, "unitId", community, "name", "Roof", "lat", 31.2, "lon", 121.4))
        .statusCode(201);
    get(admin, "/api/v1/stations?unit=" + community)
        .statusCode(200)
        .body("id", hasItem("st-" + run));
    put(admin, "/api/v1/stations/st-" + run, Map.of("unitId", community, "name", "School roof"))
        .statusCode(200)
        .body("name", equalTo("School roof"));
    get(admin, "/api/v1/stations/st-" + run).statusCode(200).body("name", equalTo("School roof"));

    post(
            admin,
            "/api/v1/households",
            Map.of(
                "id", "hh-" + run, "unitId", community, "name", "No. 12", "address", "12 River St"))
        .statusCode(201);
    get(admin, "/api/v1/households?unit=" + community)
        .statusCode(200)
        .body("id", hasItem("hh-" + run));
    put(admin, "/api/v1/households/hh-" + run, Map.of("unitId", community, "name", "No. 12a"))
        .statusCode(200)
        .body("name", equalTo("No. 12a"));

    String gateway =
        post(admin, "/api/v1/gateways", Map.of("unitId", community, "name", "gw"))
            .statusCode(201)
            .extract()
            .path("id");
    get(admin, "/api/v1/gateways?unit=" + community).statusCode(200).body("id", hasItem(gateway));
    get(admin, "/api/v1/gateways/" + gateway).statusCode(200).body("unitId", equalTo(community));

    post(
            admin,
            "/api/v1/devices",
            Map.of(
                "id",
                "pm-" + run,
                "gatewayId",
                gateway,
                "profile",
                "pm25-rs485",
                "stationId",
                "st-" + run))
        .statusCode(201);
    post(
            admin,
            "/api/v1/devices",
            Map.of(
                "id",
                "gas-" + run,
                "gatewayId",
                gateway,
                "profile",
                "gas-lel-modbus",
                "householdId",
                "hh-" + run))
        .statusCode(201);
    get(admin, "/api/v1/devices?gateway=" + gateway)
        .statusCode(200)
        .body("id", hasItem("pm-" + run))
        .body("id", hasItem("gas-" + run));
    put(
            admin,
            "/api/v1/devices/pm-" + run,
            Map.of("gatewayId", gateway, "profile", "pm25-rs485", "place", "north corner"))
        .statusCode(200)
        .body("place", equalTo("north corner"))
        .body("stationId", equalTo(null));
    get(admin, "/api/v1/devices/nobody-" + run)
        .statusCode(404)
        .body("error", containsString("no device nobody-" + run));
  }

  @Test
  void aFieldErrorNamesTheField() {
    tree(admin, run);
    post(admin, "/api/v1/units", unit("g-" + run, "d-" + run, "grid"))
        .statusCode(400)
        .body("field", equalTo("level"))
        .body("error", containsString("street"));
    post(
            admin,
            "/api/v1/stations",
            Map.of(
                "id", "st-" + run, "unitId", "c-" + run, "name", "Roof", "lat", 95.0, "lon", 1.0))
        .statusCode(400)
        .body("field", equalTo("lat"));
    post(admin, "/api/v1/tokens", Map.of("role", "owner", "subject", "x"))
        .statusCode(400)
        .body("field", equalTo("role"))
        .body("error", containsString("admin, operator, viewer"));
  }

  @Test
  void aViewerReadsButCannotWrite() {
    tree(admin, run);
    String viewer =
        tokens.issue(Role.VIEWER, "viewer-" + run, TokenScope.wholeDeployment()).secret();
    get(viewer, "/api/v1/units/c-" + run).statusCode(200);
    post(viewer, "/api/v1/units", unit("g-" + run, "c-" + run, "grid"))
        .statusCode(403)
        .body("error", containsString("viewer"));
    put(viewer, "/api/v1/units/c-" + run, Map.of("name", "Taken"))
        .statusCode(403)
        .body("error", containsString("viewer"));
    post(viewer, "/api/v1/tokens", Map.of("role", "admin", "subject", "me"))
        .statusCode(403)
        .body("error", containsString("viewer"));
  }

  @Test
  void anOperatorWritesInItsOwnCommunityOnly() {
    tree(admin, run);
    String operator = tokens.issue(Role.OPERATOR, "op-" + run, "c-" + run, null).secret();
    post(
            operator,
            "/api/v1/stations",
            Map.of("id", "st-" + run, "unitId", "c-" + run, "name", "Roof"))
        .statusCode(201);
    post(operator, "/api/v1/units", unit("g-" + run, "c-" + run, "grid")).statusCode(201);
    post(
            operator,
            "/api/v1/stations",
            Map.of("id", "st2-" + run, "unitId", "c2-" + run, "name", "Roof"))
        .statusCode(403)
        .body("error", containsString("c2-" + run))
        .body("error", containsString("outside unit c-" + run));
    put(operator, "/api/v1/stations/st-" + run, Map.of("unitId", "c2-" + run, "name", "Moved"))
        .statusCode(403);
    get(operator, "/api/v1/units")
        .statusCode(200)
        .body("id", hasItem("c-" + run))
        .body("id", not(hasItem("c2-" + run)));
  }

  @Test
  void tokensAreIssuedListedWithoutSecretAndRevoked() {
    var issued =
        post(
                admin,
                "/api/v1/tokens",
                Map.of("role", "viewer", "subject", "v-" + run, "allUnits", true))
            .statusCode(201)
            .body("token", containsString("cs_"))
            .extract();
    String secret = issued.path("token");
    String id = issued.path("info.id");
    get(secret, "/api/v1/units").statusCode(200);
    String listed =
        get(admin, "/api/v1/tokens").statusCode(200).body("id", hasItem(id)).extract().asString();
    assertThat(listed).doesNotContain(secret);

    given().auth().oauth2(admin).when().delete("/api/v1/tokens/" + id).then().statusCode(204);

    get(secret, "/api/v1/units")
        .statusCode(401)
        .body("error", containsString("unknown or revoked"));
    given().when().get("/api/v1/units").then().statusCode(401);
  }

  @Test
  void theOpenApiDocumentListsTheRegistry() {
    given()
        .when()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body(containsString("/api/v1/units/{id}"))
        .body(containsString("/api/v1/devices/import"))
        .body(containsString("/api/v1/gateways/enroll"));
  }
}
