package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.events.MaintenanceService;
import org.citysense.cloud.registry.Device;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.Household;
import org.citysense.cloud.registry.HouseholdRepository;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/console/places/{kind}/{id}}: a station's, household's or device's page with
 * its devices (quantities from the profile, gateway contact, newest reading, offline, maintenance),
 * its state as on the map and its events; scoped as the station, household and device resources.
 */
@QuarkusTest
class ConsolePlacesTest {
  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject Clock clock;
  @Inject MaintenanceService maintenance;

  @Test
  void stationPageShowsDevicesContactMaintenanceAndEvents() throws Exception {
    ConsoleCommunity c = new ConsoleCommunity(dataSource, tokens, clock);
    String boiler = "boiler-" + c.run;
    devices()
        .create(
            new Device(
                boiler,
                c.gateway,
                "gas-lel-modbus",
                c.station,
                null,
                null,
                null,
                null,
                "boiler room",
                null));

    // the gateway was never heard from: both devices offline, nothing read yet
    page(c.operator, "station", c.station)
        .statusCode(200)
        .body("kind", equalTo("station"))
        .body("id", equalTo(c.station))
        .body("name", equalTo("East gate"))
        .body("unitId", equalTo(c.community))
        .body("lat", equalTo(31.2f))
        .body("lon", equalTo(121.5f))
        .body("state", equalTo("offline"))
        .body("offlineAfterSeconds", equalTo(600))
        .body("readingsUnavailable", equalTo(false))
        .body("devices.id", contains(boiler, c.pm))
        .body("devices[0].place", equalTo("boiler room"))
        .body("devices[0].quantities.id", contains("gas", "gas_alarm", "valve_open"))
        .body("devices[1].profile", equalTo("pm25-rs485"))
        .body("devices[1].quantities.id", contains("humidity", "temperature", "pm2_5", "pm10"))
        .body("devices[1].quantities[2].unit", equalTo("µg/m³"))
        .body("devices[1].gatewayId", equalTo(c.gateway))
        .body("devices[1].gatewayLastContact", nullValue())
        .body("devices[1].lastReadingAt", nullValue())
        .body("devices[1].offline", equalTo(true))
        .body("devices[1].maintenance", nullValue())
        .body("events.size()", equalTo(0))
        .body("eventsTotal", equalTo(0));

    maintenance.start(c.pm, clock.instant().plus(Duration.ofHours(1)), "tech", "filter change");
    // no PM2.5 reading: the neighbour rule's station list is cached, and another test's stations
    // must not wait for it
    long readAt = clock.millis() - 1000;
    c.client.send(c.client.gas(boiler, 3.0, readAt));
    JsonPath inMaintenance =
        page(c.viewer, "station", c.station)
            .statusCode(200)
            .body("state", equalTo("maintenance"))
            .body("devices[0].offline", equalTo(false))
            .body("devices[0].maintenance", nullValue())
            .body("devices[1].offline", equalTo(false))
            .body("devices[1].lastReadingAt", nullValue())
            .body("devices[1].maintenance.startedBy", equalTo("tech"))
            .body("devices[1].maintenance.note", equalTo("filter change"))
            .body("devices[1].maintenance.since", notNullValue())
            .body("devices[1].maintenance.until", notNullValue())
            .extract()
            .jsonPath();
    assertThat(Instant.parse(inMaintenance.getString("devices[0].lastReadingAt")))
        .isEqualTo(Instant.ofEpochMilli(readAt));
    assertThat(Instant.parse(inMaintenance.getString("devices[1].gatewayLastContact")))
        .isAfter(Instant.ofEpochMilli(readAt));

    // gas in the boiler room: the station's event, and its state an alarm (above maintenance)
    c.client.send(c.client.gas(boiler, 30.0, clock.millis() - 500));
    long event = c.awaitEvent(boiler);
    page(c.admin, "station", c.station)
        .statusCode(200)
        .body("state", equalTo("alarm"))
        .body("activeEvents", equalTo(1))
        .body("events.size()", equalTo(1))
        .body("eventsTotal", equalTo(1))
        .body("events[0].id", equalTo((int) event))
        .body("events[0].deviceId", equalTo(boiler))
        .body("events[0].stationId", equalTo(c.station))
        .body("events[0].ruleId", equalTo("gas-high"))
        .body("events[0].status", equalTo("open"))
        .body("events[0].audit", nullValue());
    // the device pages: each device's own events only
    page(c.operator, "device", boiler)
        .statusCode(200)
        .body("kind", equalTo("device"))
        .body("stationId", equalTo(c.station))
        .body("householdId", nullValue())
        .body("unitId", equalTo(c.community))
        .body("name", nullValue())
        .body("state", equalTo("alarm"))
        .body("devices.id", contains(boiler))
        .body("events.id", contains((int) event));
    page(c.operator, "device", c.pm)
        .statusCode(200)
        .body("state", equalTo("maintenance"))
        .body("devices.id", contains(c.pm))
        .body("events.size()", equalTo(0));
    // the alert API lists one device's events as well, within the caller's units
    given()
        .auth()
        .oauth2(c.operator)
        .queryParam("device", boiler)
        .get("/api/v1/events")
        .then()
        .statusCode(200)
        .body("items.id", contains((int) event));
    given()
        .auth()
        .oauth2(c.operator)
        .queryParam("device", c.pm)
        .get("/api/v1/events")
        .then()
        .statusCode(200)
        .body("total", equalTo(0));
    given()
        .auth()
        .oauth2(c.otherOperator)
        .queryParam("device", boiler)
        .get("/api/v1/events")
        .then()
        .statusCode(200)
        .body("total", equalTo(0));

    // community B's operator is refused A's places; nobody is told of places that do not exist
    page(c.otherOperator, "station", c.station).statusCode(403);
    page(c.otherOperator, "household", c.home).statusCode(403);
    page(c.otherOperator, "device", c.gas).statusCode(403);
    page(c.operator, "station", "nowhere-" + c.run)
        .statusCode(404)
        .body("error", equalTo("no station nowhere-" + c.run));
    page(c.operator, "parking", c.station)
        .statusCode(400)
        .body("field", equalTo("kind"))
        .body("error", equalTo("kind \"parking\" is not one of station, household, device"));
  }

  @Test
  void householdAndDevicePagesForStaffAndFamily() throws Exception {
    ConsoleCommunity c = new ConsoleCommunity(dataSource, tokens, clock);
    String neighbours = "h2-" + c.run;
    String neighboursGas = "gas3-" + c.run;
    new HouseholdRepository(dataSource)
        .create(new Household(neighbours, c.community, "Flat 3-202", "Lane 5, 202"));
    devices()
        .create(
            new Device(
                neighboursGas,
                c.gateway,
                "gas-lel-modbus",
                null,
                neighbours,
                null,
                null,
                null,
                null,
                null));
    long readAt = clock.millis() - 1000;
    c.client.send(c.client.gas(c.gas, 3.0, readAt));

    JsonPath household =
        page(c.operator, "household", c.home)
            .statusCode(200)
            .body("kind", equalTo("household"))
            .body("name", equalTo("Flat 3-201"))
            .body("unitId", equalTo(c.community))
            .body("lat", equalTo(31.21f))
            .body("lon", equalTo(121.51f))
            .body("state", equalTo("ok"))
            .body("devices.id", contains(c.gas))
            .body("devices[0].quantities[0].unit", equalTo("%LEL"))
            .body("devices[0].offline", equalTo(false))
            .body("devices[0].maintenance", nullValue())
            .body("events.size()", equalTo(0))
            .extract()
            .jsonPath();
    assertThat(Instant.parse(household.getString("devices[0].lastReadingAt")))
        .isEqualTo(Instant.ofEpochMilli(readAt));
    page(c.operator, "household", neighbours)
        .statusCode(200)
        .body("address", equalTo("Lane 5, 202"))
        .body("lat", nullValue())
        .body("state", equalTo("ok"))
        .body("devices.id", contains(neighboursGas));

    c.client.send(c.client.gas(c.gas, 30.0, clock.millis() - 500));
    long event = c.awaitEvent(c.gas);

    // the family: its household and its device, the events included; who started a maintenance
    // window, and why, is the staff's
    page(c.family, "household", c.home)
        .statusCode(200)
        .body("state", equalTo("alarm"))
        .body("devices.id", contains(c.gas))
        .body("events.id", contains((int) event))
        .body("events[0].householdId", equalTo(c.home));
    maintenance.start(c.gas, clock.instant().plus(Duration.ofHours(1)), "tech", "new sensor");
    page(c.family, "device", c.gas)
        .statusCode(200)
        .body("householdId", equalTo(c.home))
        .body("devices[0].maintenance.until", notNullValue())
        .body("devices[0].maintenance.startedBy", nullValue())
        .body("devices[0].maintenance.note", nullValue())
        .body("events.id", contains((int) event));
    page(c.viewer, "device", c.gas)
        .statusCode(200)
        .body("devices[0].maintenance.note", equalTo("new sensor"));
    // nothing else of the community, as if it did not exist
    page(c.family, "household", neighbours)
        .statusCode(404)
        .body("error", equalTo("no household " + neighbours));
    page(c.family, "device", neighboursGas).statusCode(404);
    page(c.family, "device", c.pm).statusCode(404);
    page(c.family, "station", c.station)
        .statusCode(404)
        .body("error", equalTo("no station " + c.station));
    page(c.family, "unit", c.community).statusCode(400).body("field", equalTo("kind"));
  }

  private DeviceRepository devices() {
    return new DeviceRepository(dataSource, Set.of("gas-lel-modbus", "pm25-rs485"), clock);
  }

  private static ValidatableResponse page(String token, String kind, String id) {
    return given().auth().oauth2(token).get("/api/v1/console/places/{kind}/{id}", kind, id).then();
  }
}
