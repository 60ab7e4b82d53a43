package org.citysense.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.device.DeviceInstance;

/**
 * The community in the cloud's registry, made over the API as an admin: units d-east (district) →
 * s-riverside (street) → c-garden (community); the site's stations (with their coordinates) and
 * households in c-garden, where the gateway is (the cloud refuses devices outside the gateway's
 * unit); the people of {@link People}; an operator token for the district.
 */
final class Registry {
  private final Api admin;

  Registry(Api admin) {
    this.admin = admin;
  }

  void create(CommunitySite site) throws IOException, InterruptedException {
    unit(People.DISTRICT, null, "district", "East District");
    unit(People.STREET, People.DISTRICT, "street", "Riverside Street");
    unit(People.COMMUNITY, People.STREET, "community", "Garden Community");
    Map<String, DeviceInstance> stations = new LinkedHashMap<>();
    for (DeviceInstance d : site.devices()) {
      if (d.station() != null) {
        stations.putIfAbsent(d.station(), d);
      }
    }
    for (DeviceInstance d : stations.values()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", d.station());
      body.put("unitId", People.COMMUNITY);
      body.put("name", "Station " + d.station());
      if (d.location() != null) {
        body.put("lat", d.location().latitude());
        body.put("lon", d.location().longitude());
      }
      admin.post("/api/v1/stations", body);
    }
    for (String h : site.households()) {
      admin.post(
          "/api/v1/households",
          Map.of(
              "id", h, "unitId", People.COMMUNITY, "name", "Flat " + h, "address", "Garden " + h));
    }
    for (People.Person p : People.ALL) {
      if (p.role().equals("family")) {
        admin.post(
            "/api/v1/households/" + p.where() + "/contacts",
            Map.of(
                "name", p.name(), "phone", p.phone(), "language", p.language(), "consent", true));
      } else {
        admin.post(
            "/api/v1/units/" + p.where() + "/staff",
            Map.of(
                "role",
                p.role(),
                "name",
                p.name(),
                "phone",
                p.phone(),
                "language",
                p.language(),
                "consent",
                true));
      }
    }
  }

  private void unit(String id, String parent, String level, String name)
      throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    if (parent != null) {
      body.put("parentId", parent);
    }
    body.put("level", level);
    body.put("name", name);
    admin.post("/api/v1/units", body);
  }

  /**
   * The rule set in force with the silences of the {@code offline} rule given in real seconds of
   * the accelerated clock: its defaults (5 min for a device, 10 min for a gateway) pass in a
   * fraction of a second at ×600, where a pause of the JVM would page the staff.
   */
  void tuneSilences(Duration deviceSilence, Duration gatewaySilence)
      throws IOException, InterruptedException {
    String rules = admin.getText("/api/v1/rules", "application/yaml");
    String tuned =
        rules
            .replaceFirst("minSeconds: \\d+", "minSeconds: " + deviceSilence.toSeconds())
            .replaceFirst("gatewaySeconds: \\d+", "gatewaySeconds: " + gatewaySilence.toSeconds());
    if (tuned.equals(rules)) {
      throw new DemoException("the cloud's rule set has no offline rule to tune:\n" + rules);
    }
    admin.putYaml("/api/v1/rules", tuned);
  }

  /** An operator token for the district (and so everything below it). */
  String operatorToken() throws IOException, InterruptedException {
    return admin
        .post(
            "/api/v1/tokens",
            Map.of("role", "operator", "subject", "demo-operator", "unitId", People.DISTRICT))
        .get("token")
        .asText();
  }

  /** A sign-in for the console: an account's name and the password it was made with. */
  record SignIn(String username, String password, String who) {}

  /**
   * Console accounts to explore with: an operator of the district, and the gas-leak family of h-203
   * (sees that flat only). Passwords random, shown once by the demo.
   */
  List<SignIn> consoleAccounts() throws IOException, InterruptedException {
    SignIn operator =
        new SignIn("demo-operator", password(), "operator of " + People.DISTRICT + " and below");
    admin.post(
        "/api/v1/accounts",
        Map.of(
            "username",
            operator.username(),
            "password",
            operator.password(),
            "role",
            "operator",
            "unitId",
            People.DISTRICT));
    People.Person family = People.GAS_FAMILY;
    SignIn home =
        new SignIn("wang-fang", password(), family.name() + ", family of " + family.where());
    admin.post(
        "/api/v1/accounts",
        Map.of(
            "username", home.username(),
            "password", home.password(),
            "role", "family",
            "households", List.of(family.where())));
    return List.of(operator, home);
  }

  private static String password() {
    byte[] bytes = new byte[12];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A one-time enrollment code for a gateway of the community. */
  String enrollmentCode() throws IOException, InterruptedException {
    return admin
        .post("/api/v1/enrollments", Map.of("unitId", People.COMMUNITY))
        .get("code")
        .asText();
  }

  /** Registers the site's devices for the gateway, all or nothing. */
  void importDevices(String gatewayId, String devicesYaml)
      throws IOException, InterruptedException {
    admin.postYaml(
        "/api/v1/devices/import?gateway=" + gatewayId + "&file=community.yaml", devicesYaml);
  }

  /** Every device of the site, as the cloud has it: proof the import took. */
  List<String> deviceIds(String gatewayId) throws IOException, InterruptedException {
    JsonNode array = admin.get("/api/v1/devices?gateway=" + gatewayId);
    return java.util.stream.StreamSupport.stream(array.spliterator(), false)
        .map(n -> n.get("id").asText())
        .toList();
  }
}
