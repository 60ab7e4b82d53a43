package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenScope;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.registry.Device;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.Gateway;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.Station;
import org.citysense.cloud.registry.StationRepository;
import org.citysense.cloud.registry.Unit;
import org.citysense.cloud.registry.UnitRepository;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read side over HTTP on the embedded defaults: batches posted through {@code /api/v1/ingest}
 * come back from {@code /api/v1/readings} and {@code /api/v1/stations/{id}/latest}.
 */
@QuarkusTest
class ReadingsResourceTest {
  private final WireCodec codec = new WireCodec();
  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject Clock clock;

  private String gateway;
  private String gatewayToken;
  private String viewerToken;
  private String station;
  private String device;
  private long base;

  private String otherOperatorToken;
  private String ownOperatorToken;

  @BeforeEach
  void registerAStationWithADevice() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    UnitRepository units = new UnitRepository(dataSource);
    units.create(new Unit("d-" + run, null, "district", "District " + run));
    units.create(new Unit("s-" + run, "d-" + run, "street", "Street"));
    units.create(new Unit("c-" + run, "s-" + run, "community", "Community"));
    Gateway g = new GatewayRepository(dataSource).create("c-" + run, "gateway");
    gateway = g.id();
    station = "st-" + run;
    new StationRepository(dataSource)
        .create(new Station(station, "c-" + run, "Station " + run, 52.5, 13.4));
    device = "pm-" + run;
    new DeviceRepository(dataSource, Set.of("pm25-rs485"), clock)
        .create(
            new Device(device, gateway, "pm25-rs485", station, null, null, null, null, null, null));
    gatewayToken = tokens.issue(Role.GATEWAY, gateway, null, gateway).secret();
    viewerToken = tokens.issue(Role.VIEWER, "viewer-" + run, TokenScope.wholeDeployment()).secret();
    base = clock.instant().toEpochMilli() - 60_000;
    units.create(new Unit("c2-" + run, "s-" + run, "community", "Another community"));
    otherOperatorToken = tokens.issue(Role.OPERATOR, "op-" + run, "c2-" + run, null).secret();
    ownOperatorToken = tokens.issue(Role.OPERATOR, "own-" + run, "c-" + run, null).secret();
  }

  @Test
  void anOperatorReadsOnlyItsOwnSubtree() {
    get(ownOperatorToken, "/api/v1/readings?device=" + device).statusCode(200);
    get(ownOperatorToken, "/api/v1/stations/" + station + "/latest").statusCode(200);
    get(otherOperatorToken, "/api/v1/readings?device=" + device).statusCode(403);
    get(otherOperatorToken, "/api/v1/stations/" + station + "/latest").statusCode(403);
  }

  private WireReading pm25(long seq, double value, long ts) {
    return new WireReading(
        seq, device, "pm2_5", Quantity.PM2_5, Value.of(value), "µg/m³", ts, Quality.GOOD);
  }

  private WireReading pm10(long seq, double value, long ts) {
    return new WireReading(
        seq, device, "pm10", Quantity.PM10, Value.of(value), "µg/m³", ts, Quality.GOOD);
  }

  private void ingest(String batchId, WireReading... readings) {
    byte[] body =
        codec.encode(
            new Batch(
                1,
                gateway,
                batchId,
                clock.instant().toEpochMilli(),
                new GatewayClock(true, "ntp", 1),
                List.of(readings),
                List.of(),
                List.of(),
                Counters.ZERO));
    given()
        .header("Authorization", "Bearer " + gatewayToken)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/ingest")
        .then()
        .statusCode(200);
  }

  @Test
  void postedReadingsComeBackByDeviceQuantityAndTime() {
    ingest("b1", pm25(1, 10.0, base), pm10(2, 20.0, base));
    ingest("b2", pm25(3, 11.0, base + 1000));
    ingest("b3", pm25(3, 11.0, base + 1000));

    get(viewerToken, "/api/v1/readings?device=" + device)
        .statusCode(200)
        .body("", hasSize(3))
        .body("[0].gatewayId", equalTo(gateway))
        .body("[0].deviceId", equalTo(device))
        .body("[2].seq", equalTo(3))
        .body("[2].value", equalTo(11.0f))
        .body("[2].unit", equalTo("µg/m³"))
        .body("[2].quality", equalTo("good"));
    get(viewerToken, "/api/v1/readings?device=" + device + "&quantity=pm10")
        .statusCode(200)
        .body("", hasSize(1))
        .body("[0].quantity", equalTo("pm10"))
        .body("[0].value", equalTo(20.0f));
    String from = Instant.ofEpochMilli(base + 500).toString();
    String to = Instant.ofEpochMilli(base + 2000).toString();
    get(viewerToken, "/api/v1/readings?device=" + device + "&from=" + from + "&to=" + to)
        .statusCode(200)
        .body("", hasSize(1))
        .body("[0].seq", equalTo(3));
    // older than the default 24 h window
    String old = Instant.ofEpochMilli(base).minusSeconds(3 * 86400).toString();
    get(viewerToken, "/api/v1/readings?device=" + device + "&to=" + old)
        .statusCode(200)
        .body("", hasSize(0));
  }

  @Test
  void readingsComeInPagesOfLimitFromOffset() {
    ingest("p1", pm25(1, 1.0, base), pm25(2, 2.0, base + 1), pm25(3, 3.0, base + 2));
    ingest("p2", pm25(4, 4.0, base + 3), pm25(5, 5.0, base + 4));

    String path = "/api/v1/readings?device=" + device;
    get(viewerToken, path + "&limit=2").statusCode(200).body("seq", contains(1, 2));
    get(viewerToken, path + "&limit=2&offset=2").statusCode(200).body("seq", contains(3, 4));
    // a page shorter than the limit is the last
    get(viewerToken, path + "&limit=2&offset=4").statusCode(200).body("seq", contains(5));
    get(viewerToken, path + "&limit=10000").statusCode(200).body("", hasSize(5));
  }

  @Test
  void aLimitAboveTheMaximumIsRefusedNamingTheParameter() {
    String path = "/api/v1/readings?device=" + device;
    get(viewerToken, path + "&limit=10001")
        .statusCode(400)
        .body("field", equalTo("limit"))
        .body("error", containsString("between 1 and 10000"));
    get(viewerToken, path + "&limit=0").statusCode(400).body("field", equalTo("limit"));
    get(viewerToken, path + "&limit=many").statusCode(400).body("field", equalTo("limit"));
    get(viewerToken, path + "&offset=-1").statusCode(400).body("field", equalTo("offset"));
    get(viewerToken, "/api/v1/events?limit=501")
        .statusCode(400)
        .body("field", equalTo("limit"))
        .body("error", containsString("between 1 and 500"));
    get(viewerToken, "/api/v1/events?limit=500").statusCode(200).body("limit", equalTo(500));
  }

  @Test
  void theLatestValuePerQuantityOfAStation() {
    ingest("l1", pm25(1, 10.0, base), pm10(2, 20.0, base));
    ingest("l2", pm25(3, 12.5, base + 5000));

    get(viewerToken, "/api/v1/stations/" + station + "/latest")
        .statusCode(200)
        .body("", hasSize(2))
        .body("find { it.quantity == 'pm2_5' }.value", equalTo(12.5f))
        .body("find { it.quantity == 'pm2_5' }.seq", equalTo(3))
        .body("find { it.quantity == 'pm10' }.value", equalTo(20.0f));
    get(viewerToken, "/api/v1/stations/nowhere/latest")
        .statusCode(404)
        .body("error", equalTo("no station nowhere"));
  }

  @Test
  void badParametersAndCallersAreRefused() {
    get(viewerToken, "/api/v1/readings")
        .statusCode(400)
        .body("field", equalTo("device"))
        .body("error", containsString("device is required"));
    get(viewerToken, "/api/v1/readings?device=" + device + "&from=yesterday")
        .statusCode(400)
        .body("field", equalTo("from"))
        .body("error", containsString("ISO-8601"));
    get(viewerToken, "/api/v1/readings?device=" + device + "&to=2026-13-01")
        .statusCode(400)
        .body("field", equalTo("to"));
    get(viewerToken, "/api/v1/readings?device=" + device + "&quantity=colour")
        .statusCode(400)
        .body("field", equalTo("quantity"));
    get(
            viewerToken,
            "/api/v1/readings?device="
                + device
                + "&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")
        .statusCode(400)
        .body("field", equalTo("from"));
    get(gatewayToken, "/api/v1/readings?device=" + device)
        .statusCode(403)
        .body("error", containsString("gateway token cannot read"));
    given().get("/api/v1/readings?device=" + device).then().statusCode(401);
  }

  private ValidatableResponse get(String token, String path) {
    return given().header("Authorization", "Bearer " + token).get(path).then();
  }
}
