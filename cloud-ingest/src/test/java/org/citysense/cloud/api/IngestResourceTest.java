package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenScope;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.registry.Device;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.Gateway;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.Unit;
import org.citysense.cloud.registry.UnitRepository;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/ingest} over HTTP on the embedded defaults (H2 registry, embedded reading
 * store): authentication, every refusal with its status and message, dedup and replay.
 */
@QuarkusTest
class IngestResourceTest {
  private final WireCodec codec = new WireCodec();
  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject Clock clock;

  @ConfigProperty(name = "citysense.ingest.max-items", defaultValue = "20000")
  int maxItems;

  private String gatewayA;
  private String gatewayB;
  private String tokenA;
  private String tokenB;
  private String viewerToken;
  private String device;

  @BeforeEach
  void registerTwoGateways() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    UnitRepository units = new UnitRepository(dataSource);
    units.create(new Unit("d-" + run, null, "district", "District " + run));
    units.create(new Unit("s-" + run, "d-" + run, "street", "Street"));
    units.create(new Unit("c-" + run, "s-" + run, "community", "Community"));
    GatewayRepository gateways = new GatewayRepository(dataSource);
    Gateway a = gateways.create("c-" + run, "gateway A");
    Gateway b = gateways.create("c-" + run, "gateway B");
    gatewayA = a.id();
    gatewayB = b.id();
    device = "pm-" + run;
    new DeviceRepository(dataSource, Set.of("pm25-rs485"), clock)
        .create(
            new Device(
                device, gatewayA, "pm25-rs485", null, null, "c-" + run, null, null, null, null));
    tokenA = tokens.issue(Role.GATEWAY, gatewayA, null, gatewayA).secret();
    tokenB = tokens.issue(Role.GATEWAY, gatewayB, null, gatewayB).secret();
    viewerToken = tokens.issue(Role.VIEWER, "viewer-" + run, TokenScope.wholeDeployment()).secret();
  }

  private WireReading reading(long seq) {
    long ts = clock.instant().toEpochMilli() - 1000;
    return new WireReading(
        seq, device, "pm2_5", Quantity.PM2_5, Value.of(35.0), "µg/m³", ts, Quality.GOOD);
  }

  private byte[] batch(String batchId, WireReading... readings) {
    return codec.encode(
        new Batch(
            1,
            gatewayA,
            batchId,
            clock.instant().toEpochMilli(),
            new GatewayClock(true, "ntp", 1),
            List.of(readings),
            List.of(),
            List.of(),
            Counters.ZERO));
  }

  @Test
  void aBatchIsStoredOnceWhateverTheGatewayResends() {
    post(tokenA, batch("b1", reading(1), reading(2)))
        .statusCode(200)
        .body("stored", equalTo(2))
        .body("duplicates", equalTo(0));
    // the same readings under a new batch id: stored once
    post(tokenA, batch("b2", reading(2), reading(3)))
        .statusCode(200)
        .body("stored", equalTo(1))
        .body("duplicates", equalTo(1));
    // a replayed batch id: its earlier reply
    post(tokenA, batch("b1", reading(1), reading(2)))
        .statusCode(200)
        .body("stored", equalTo(2))
        .body("duplicates", equalTo(0));
  }

  @Test
  void gzipBodiesAreAccepted() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(batch("g1", reading(10)));
    }
    given()
        .header("Authorization", "Bearer " + tokenA)
        .contentType("application/json")
        .header("Content-Encoding", "gzip")
        .body(out.toByteArray())
        .post("/api/v1/ingest")
        .then()
        .statusCode(200)
        .body("stored", equalTo(1));
  }

  @Test
  void refusalsSayWhatWasWrong() {
    given()
        .contentType("application/json")
        .body(batch("x", reading(1)))
        .post("/api/v1/ingest")
        .then()
        .statusCode(401)
        .body("error", containsString("Authorization: Bearer"));
    post("cs_not-a-token", batch("x", reading(1)))
        .statusCode(401)
        .body("error", equalTo("the token is unknown or revoked"));
    post(tokenB, batch("x", reading(1)))
        .statusCode(403)
        .body("field", equalTo("gatewayId"))
        .body("error", containsString("the token belongs to gateway " + gatewayB));
    post(viewerToken, batch("x", reading(1)))
        .statusCode(403)
        .body("error", equalTo("only a gateway token can send batches"));
    given()
        .header("Authorization", "Bearer " + tokenA)
        .contentType("text/plain")
        .body(batch("x", reading(1)))
        .post("/api/v1/ingest")
        .then()
        .statusCode(415)
        .body("error", containsString("application/json"));
    post(tokenA, "{\"v\":1, \"gatewayId\": }".getBytes())
        .statusCode(400)
        .body("error", containsString("malformed JSON at line 1"));
    post(tokenA, new String(batch("x", reading(1))).replace("\"good\"", "\"fine\"").getBytes())
        .statusCode(400)
        .body("field", equalTo("readings[0].quality"));
    given()
        .header("Authorization", "Bearer " + tokenA)
        .contentType("application/json")
        .header("Content-Encoding", "gzip")
        .body("not gzip".getBytes())
        .post("/api/v1/ingest")
        .then()
        .statusCode(400)
        .body("error", containsString("not valid gzip"));
    given()
        .header("Authorization", "Bearer " + tokenA)
        .contentType("application/json")
        .body(new byte[9 * 1024 * 1024])
        .post("/api/v1/ingest")
        .then()
        .statusCode(413)
        .body("error", containsString("send smaller batches"));
  }

  @Test
  void aGatewaySendsBodiesLargerThanAnyoneWithoutATokenMay() {
    WireReading[] many = new WireReading[300];
    for (int i = 0; i < many.length; i++) {
      many[i] = reading(1000 + i);
    }
    byte[] body = batch("large", many);
    assertThat(body.length).isGreaterThan(16 * 1024);

    post(tokenA, body).statusCode(200).body("stored", equalTo(300));
    given()
        .contentType("application/json")
        .body(body)
        .post("/api/v1/ingest")
        .then()
        .statusCode(413)
        .body("error", containsString("16384 bytes"));
  }

  @Test
  void readingsOfUnknownDevicesAreRejectedBySeqAndAFutureOneStoredAtArrival() {
    WireReading ghost =
        new WireReading(
            20,
            "ghost",
            "pm2_5",
            Quantity.PM2_5,
            Value.of(1.0),
            "µg/m³",
            clock.instant().toEpochMilli(),
            Quality.GOOD);
    WireReading future =
        new WireReading(
            21,
            device,
            "pm2_5",
            Quantity.PM2_5,
            Value.of(1.0),
            "µg/m³",
            Instant.now().plusSeconds(3600).toEpochMilli(),
            Quality.GOOD);
    post(tokenA, batch("r1", reading(22), ghost, future))
        .statusCode(200)
        .body("stored", equalTo(2))
        .body("rejected", hasSize(1))
        .body("rejected[0].seq", equalTo(20))
        .body("rejected[0].reason", equalTo("unknown device ghost"))
        .body("clockFlagged", equalTo(true));
  }

  @Test
  void aValueBeyondADoubleIsRefusedNamingItsFieldAndNothingOfTheBatchIsKept() {
    WireReading huge =
        new WireReading(
            41,
            device,
            "pm2_5",
            Quantity.PM2_5,
            Value.of(36.5),
            "µg/m³",
            clock.instant().toEpochMilli(),
            Quality.GOOD);
    String json = new String(batch("inf", reading(40), huge), StandardCharsets.UTF_8);
    post(tokenA, json.replace("36.5", "1e999").getBytes(StandardCharsets.UTF_8))
        .statusCode(400)
        .body("field", equalTo("readings[1].value"))
        .body(
            "error",
            equalTo("readings[1].value: must be a finite number, within ±1.8e308 (got Infinity)"));
    post(tokenA, json.replace("36.5", "NaN").getBytes(StandardCharsets.UTF_8))
        .statusCode(400)
        .body("field", equalTo("readings[1]"))
        .body("error", containsString("NaN and Infinity are not JSON numbers"));
    // neither reading was kept: both are new to a valid batch
    post(tokenA, batch("inf-fixed", reading(40), huge))
        .statusCode(200)
        .body("stored", equalTo(2))
        .body("duplicates", equalTo(0));
  }

  @Test
  void aBatchOverTheItemLimitIsRefusedWith413AndNothingOfItKept() {
    WireReading[] readings = new WireReading[maxItems + 1];
    for (int i = 0; i < readings.length; i++) {
      readings[i] = reading(1000 + i);
    }
    post(tokenA, batch("big", readings))
        .statusCode(413)
        .body(
            "error",
            equalTo(
                "the batch has "
                    + (maxItems + 1)
                    + " items (readings, status changes and edge events), more than the "
                    + maxItems
                    + " taken at once; send smaller batches"));
    // none of them was kept: the first and the last are new to a batch within the limit
    post(tokenA, batch("big-after", readings[0], readings[maxItems]))
        .statusCode(200)
        .body("stored", equalTo(2))
        .body("duplicates", equalTo(0));
  }

  @Test
  void aPointTheDevicesProfileDoesNotHaveIsRejectedBySeq() {
    WireReading madeUp =
        new WireReading(
            51,
            device,
            "pm2_5-" + UUID.randomUUID(),
            Quantity.PM2_5,
            Value.of(1.0),
            "µg/m³",
            clock.instant().toEpochMilli(),
            Quality.GOOD);
    post(tokenA, batch("p1", reading(50), madeUp))
        .statusCode(200)
        .body("stored", equalTo(1))
        .body("rejected", hasSize(1))
        .body("rejected[0].seq", equalTo(51))
        .body(
            "rejected[0].reason",
            equalTo(
                "unknown point "
                    + madeUp.point()
                    + " of device "
                    + device
                    + " (profile pm25-rs485: humidity, pm10, pm2_5, temperature)"));
  }

  @Test
  void everyPointOfEveryBundledProfileIsTaken() {
    ProfileCatalog profiles = ProfileCatalog.bundled();
    DeviceRepository devices = new DeviceRepository(dataSource, profiles.ids(), clock);
    String run = device.substring("pm-".length());
    long ts = clock.instant().toEpochMilli() - 1000;
    List<WireReading> readings = new ArrayList<>();
    for (DeviceProfile profile : profiles.all()) {
      String id = profile.id() + "-" + run;
      devices.create(
          new Device(id, gatewayA, profile.id(), null, null, "c-" + run, null, null, null, null));
      for (Point point : profile.points()) {
        // quality invalid, so without a value: no rule raises an event in the shared database
        readings.add(
            new WireReading(
                100 + readings.size(),
                id,
                point.name(),
                point.quantity(),
                null,
                point.quantity().canonicalUnit().symbol(),
                ts,
                Quality.INVALID));
      }
    }
    post(tokenA, batch("all-points", readings.toArray(WireReading[]::new)))
        .statusCode(200)
        .body("stored", equalTo(readings.size()))
        .body("rejected", hasSize(0));
  }

  @Test
  void healthMetricsAndOpenApiAreServed() {
    post(tokenA, batch("m1", reading(30))).statusCode(200);
    given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("citysense_ingest_batches_total"))
        .body(containsString("citysense_ingest_readings_total{outcome=\"stored\"}"));
    given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/ingest"));
  }

  private io.restassured.response.ValidatableResponse post(String token, byte[] body) {
    return given()
        .header("Authorization", "Bearer " + token)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/ingest")
        .then();
  }
}
