package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.http.EventsApi;
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

/**
 * A fresh community for the console's endpoints, named apart from every other test's: a street with
 * community A (a gateway, a PM2.5 station, a flat with a gas detector at 31.2, 121.5) and community
 * B (a silent gateway and its gas detector), and the tokens of each role.
 */
final class ConsoleCommunity {
  static final Duration WAIT = Duration.ofSeconds(20);

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final String street = "s-" + run;
  final String community = "ca-" + run;
  final String other = "cb-" + run;
  final String gateway;
  final String silentGateway;
  final String station = "st-" + run;
  final String pm = "pm-" + run;
  final String home = "h1-" + run;
  final String gas = "gas1-" + run;
  final String otherGas = "gas2-" + run;
  final HttpGateway client;
  final String admin;
  final String operator;
  final String viewer;
  final String otherOperator;
  final String family;

  ConsoleCommunity(DataSource dataSource, TokenService tokens, Clock clock) {
    UnitRepository units = new UnitRepository(dataSource);
    units.create(new Unit("d-" + run, null, "district", "District " + run));
    units.create(new Unit(street, "d-" + run, "street", "Street"));
    units.create(new Unit(community, street, "community", "Community A"));
    units.create(new Unit(other, street, "community", "Community B"));
    GatewayRepository gateways = new GatewayRepository(dataSource);
    gateway = gateways.create(community, "basement gateway").id();
    silentGateway = gateways.create(other, "never heard").id();
    new StationRepository(dataSource)
        .create(new Station(station, community, "East gate", 31.2, 121.5));
    new HouseholdRepository(dataSource).create(new Household(home, community, "Flat 3-201", null));
    DeviceRepository devices =
        new DeviceRepository(dataSource, Set.of("gas-lel-modbus", "pm25-rs485"), clock);
    devices.create(
        new Device(pm, gateway, "pm25-rs485", station, null, null, null, null, null, null));
    devices.create(
        new Device(gas, gateway, "gas-lel-modbus", null, home, null, 31.21, 121.51, null, null));
    devices.create(
        new Device(
            otherGas, silentGateway, "gas-lel-modbus", null, null, other, null, null, null, null));
    client =
        new HttpGateway(
            gateway, tokens.issue(Role.GATEWAY, gateway, null, gateway).secret(), clock::millis);
    admin = tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret();
    operator = tokens.issue(Role.OPERATOR, "op-" + run, community, null).secret();
    viewer = tokens.issue(Role.VIEWER, "viewer-" + run, community, null).secret();
    otherOperator = tokens.issue(Role.OPERATOR, "op-b-" + run, other, null).secret();
    family =
        given()
            .auth()
            .oauth2(operator)
            .contentType("application/json")
            .body(Map.of("role", "family", "subject", "Wang Fang", "households", List.of(home)))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getString("token");
  }

  /** The id of the first event of {@code device}, once the rules have raised it. */
  long awaitEvent(String device) throws InterruptedException {
    return EventsApi.awaitEvent(
        admin, community, "an event of " + device, e -> device.equals(e.get("deviceId")), WAIT);
  }
}
