package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.citysense.cloud.api.RegistryResourceTest.get;
import static org.citysense.cloud.api.RegistryResourceTest.post;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/devices/import}: a community's device file, registered whole or not at all.
 */
@QuarkusTest
class DeviceImportTest {
  @Inject TokenService tokens;

  private String run;
  private String admin;
  private String gateway;

  @BeforeEach
  void community() {
    run = UUID.randomUUID().toString().substring(0, 8);
    admin = tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret();
    RegistryResourceTest.tree(admin, run);
    post(admin, "/api/v1/stations", Map.of("id", "st-" + run, "unitId", "c-" + run, "name", "Roof"))
        .statusCode(201);
    gateway =
        post(admin, "/api/v1/gateways", Map.of("unitId", "c-" + run, "name", "gw"))
            .statusCode(201)
            .extract()
            .path("id");
  }

  private String file(String secondLat) {
    return String.join(
        "\n",
        "devices:",
        "  - id: pm-" + run,
        "    profile: pm25-rs485",
        "    modbus-tcp: {host: 192.0.2.10, unitId: 1}",
        "    station: st-" + run,
        "    location: {lat: 31.2304, lon: 121.4737, place: roof}",
        "  - id: gas-" + run,
        "    profile: gas-lel-modbus",
        "    modbus-tcp: {host: 192.0.2.10, unitId: 7}",
        "    station: st-" + run,
        "    location: {lat: " + secondLat + ", lon: 121.47}",
        "");
  }

  private ValidatableResponse importFile(String text) {
    return given()
        .auth()
        .oauth2(admin)
        .contentType("application/yaml")
        .body(text.getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/api/v1/devices/import?gateway=" + gateway + "&file=riverside.yaml")
        .then();
  }

  @Test
  void aValidFileRegistersEveryDevice() {
    importFile(file("31.2")).statusCode(201).body("id", hasSize(2));
    get(admin, "/api/v1/devices?gateway=" + gateway).statusCode(200).body("id", hasSize(2));
    get(admin, "/api/v1/devices/pm-" + run).statusCode(200).body("place", equalTo("roof"));
  }

  @Test
  void aFileErrorRegistersNothingAndSaysWhere() {
    importFile(file("95"))
        .statusCode(400)
        .body("field", equalTo("devices[1].location.lat"))
        .body(
            "error",
            containsString(
                "riverside.yaml:11: devices[1].location.lat: 95.0 is not a latitude (-90..90)"));
    get(admin, "/api/v1/devices?gateway=" + gateway).statusCode(200).body("id", empty());
  }

  @Test
  void aRegistryRefusalRegistersNothingAndNamesTheDevice() {
    importFile(
            file("31.2")
                .replace(
                    "    station: st-" + run + "\n    location: {lat: 31.2,",
                    "    station: st-nowhere\n    location: {lat: 31.2,"))
        .statusCode(400)
        .body("field", equalTo("devices[1].station"))
        .body("error", containsString("no station st-nowhere"));
    get(admin, "/api/v1/devices?gateway=" + gateway).statusCode(200).body("id", empty());
  }
}
