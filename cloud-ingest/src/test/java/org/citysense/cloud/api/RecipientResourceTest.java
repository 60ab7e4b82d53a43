package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.citysense.cloud.api.RegistryResourceTest.get;
import static org.citysense.cloud.api.RegistryResourceTest.post;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Household contacts and unit staff over HTTP: added, listed and deleted; field errors name the
 * field; operators of another community are refused; viewers read only; unknown things are 404.
 */
@QuarkusTest
class RecipientResourceTest {
  @Inject TokenService tokens;

  private String run;
  private String admin;
  private String community;
  private String contacts;
  private String staff;

  @BeforeEach
  void community() {
    run = UUID.randomUUID().toString().substring(0, 8);
    admin = tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret();
    RegistryResourceTest.tree(admin, run);
    community = "c-" + run;
    post(
            admin,
            "/api/v1/households",
            Map.of("id", "hh-" + run, "unitId", community, "name", "No. 12"))
        .statusCode(201);
    contacts = "/api/v1/households/hh-" + run + "/contacts";
    staff = "/api/v1/units/" + community + "/staff";
  }

  private static Map<String, Object> liNa() {
    Map<String, Object> body = new HashMap<>();
    body.put("name", "Li Na");
    body.put("phone", "+86 138 0013 8000");
    body.put("quietHours", "22:00-07:00");
    body.put("consent", true);
    return body;
  }

  private static Map<String, Object> gridWorker() {
    Map<String, Object> body = liNa();
    body.put("role", "grid_worker");
    body.put("language", "en");
    return body;
  }

  private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
    body.put(key, value);
    return body;
  }

  static ValidatableResponse delete(String token, String path) {
    return given().auth().oauth2(token).when().delete(path).then();
  }

  @Test
  void anAdminAddsListsAndDeletesAHouseholdContact() {
    String id =
        post(admin, contacts, liNa())
            .statusCode(201)
            .body("id", startsWith("hc-"))
            .body("role", equalTo("family"))
            .body("phone", equalTo("+8613800138000"))
            .body("language", equalTo("zh"))
            .body("quietHours", equalTo("22:00-07:00"))
            .body("consent", equalTo(true))
            .body("reachable", equalTo(true))
            .body("householdId", equalTo("hh-" + run))
            .extract()
            .path("id");
    get(admin, contacts).statusCode(200).body("id", hasItem(id));

    delete(admin, contacts + "/" + id).statusCode(204);
    get(admin, contacts).statusCode(200).body("$", empty());
    delete(admin, contacts + "/" + id).statusCode(404).body("error", containsString(id));
  }

  @Test
  void anAdminAddsListsAndDeletesAUnitsGridWorker() {
    String id =
        post(admin, staff, gridWorker())
            .statusCode(201)
            .body("id", startsWith("us-"))
            .body("role", equalTo("grid_worker"))
            .body("language", equalTo("en"))
            .body("unitId", equalTo(community))
            .extract()
            .path("id");
    get(admin, staff).statusCode(200).body("id", hasItem(id)).body("role", hasItem("grid_worker"));
    get(admin, "/api/v1/units/c2-" + run + "/staff").statusCode(200).body("$", empty());

    delete(admin, staff + "/" + id).statusCode(204);
    get(admin, staff).statusCode(200).body("$", empty());
  }

  @Test
  void aFieldErrorNamesTheField() {
    post(admin, contacts, with(liNa(), "phone", "13800138000"))
        .statusCode(400)
        .body("field", equalTo("phone"))
        .body("error", containsString("E.164"));
    post(admin, contacts, with(liNa(), "phone", "+862112345678"))
        .statusCode(400)
        .body("field", equalTo("phone"))
        .body("error", containsString("mobile"));
    post(admin, contacts, with(liNa(), "name", "")).statusCode(400).body("field", equalTo("name"));
    post(admin, contacts, with(liNa(), "language", "fr"))
        .statusCode(400)
        .body("field", equalTo("language"));
    post(admin, contacts, with(liNa(), "quietHours", "10pm-7am"))
        .statusCode(400)
        .body("field", equalTo("quietHours"));
    post(admin, staff, with(gridWorker(), "role", "boss"))
        .statusCode(400)
        .body("field", equalTo("role"))
        .body("error", containsString("grid_worker, staff"));
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .when()
        .post(contacts)
        .then()
        .statusCode(400);
    get(admin, contacts).statusCode(200).body("$", empty());
  }

  @Test
  void anOperatorOfAnotherCommunityIsRefused() {
    String own = tokens.issue(Role.OPERATOR, "op-" + run, community, null).secret();
    String other = tokens.issue(Role.OPERATOR, "op2-" + run, "c2-" + run, null).secret();

    post(own, contacts, liNa()).statusCode(201);
    post(own, staff, gridWorker()).statusCode(201);

    post(other, contacts, liNa())
        .statusCode(403)
        .body("error", containsString("outside unit c2-" + run));
    get(other, contacts).statusCode(403);
    post(other, staff, gridWorker()).statusCode(403);
    get(other, staff).statusCode(403);
    String id = get(own, contacts).statusCode(200).extract().path("[0].id");
    delete(other, contacts + "/" + id).statusCode(403);
  }

  @Test
  void aViewerReadsButCannotWrite() {
    String id = post(admin, contacts, liNa()).statusCode(201).extract().path("id");
    String staffId = post(admin, staff, gridWorker()).statusCode(201).extract().path("id");
    String viewer = tokens.issue(Role.VIEWER, "viewer-" + run, community, null).secret();

    get(viewer, contacts).statusCode(200).body("id", hasItem(id));
    get(viewer, staff).statusCode(200).body("id", hasItem(staffId));
    post(viewer, contacts, liNa()).statusCode(403).body("error", containsString("viewer"));
    post(viewer, staff, gridWorker()).statusCode(403).body("error", containsString("viewer"));
    delete(viewer, contacts + "/" + id).statusCode(403);
    delete(viewer, staff + "/" + staffId).statusCode(403);
    get(admin, contacts).statusCode(200).body("id", hasItem(id));
  }

  @Test
  void unknownHouseholdsUnitsAndEntriesAreNotFound() {
    get(admin, "/api/v1/households/nope-" + run + "/contacts")
        .statusCode(404)
        .body("error", containsString("no household nope-" + run));
    post(admin, "/api/v1/households/nope-" + run + "/contacts", liNa()).statusCode(404);
    get(admin, "/api/v1/units/nope-" + run + "/staff")
        .statusCode(404)
        .body("error", containsString("no unit nope-" + run));
    post(admin, "/api/v1/units/nope-" + run + "/staff", gridWorker()).statusCode(404);
    delete(admin, contacts + "/hc-nobody").statusCode(404);
    delete(admin, staff + "/us-nobody").statusCode(404);
  }
}
