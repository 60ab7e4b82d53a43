package org.citysense.cloud.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Set;
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
import org.citysense.cloud.store.InfluxReadingStore;
import org.citysense.cloud.store.ReadingStore;
import org.citysense.cloud.testdb.PostgresServer;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;
import org.citysense.testsupport.InfluxServer;
import org.junit.jupiter.api.Test;

/**
 * End to end in the production configuration: registry in a real PostgreSQL, readings in a real
 * InfluxDB. While either is down ingest answers 503 with Retry-After, naming the store; once it is
 * back the same batch is accepted and each reading is stored exactly once.
 */
@QuarkusTest
@WithTestResource(ProductionStack.class)
class ProductionStackTest {
  private final WireCodec codec = new WireCodec();
  @Inject DataSource dataSource;
  @Inject ReadingStore store;
  @Inject TokenService tokens;
  @Inject Clock clock;

  InfluxServer influx;
  PostgresServer postgres;

  @Test
  void ingestSurvivesAnInfluxOutageAndStoresTheRetriedBatchOnce() throws Exception {
    try (Connection c = dataSource.getConnection()) {
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
    }
    assertThat(store).isInstanceOf(InfluxReadingStore.class);

    UnitRepository units = new UnitRepository(dataSource);
    units.create(new Unit("d1", null, "district", "District"));
    units.create(new Unit("s1", "d1", "street", "Street"));
    units.create(new Unit("c1", "s1", "community", "Community"));
    Gateway gateway = new GatewayRepository(dataSource).create("c1", "gateway");
    new DeviceRepository(dataSource, Set.of("pm25-rs485"), clock)
        .create(
            new Device(
                "pm-1", gateway.id(), "pm25-rs485", null, null, "c1", null, null, null, null));
    String gatewayToken = tokens.issue(Role.GATEWAY, gateway.id(), null, gateway.id()).secret();
    String viewerToken = tokens.issue(Role.VIEWER, "viewer", TokenScope.wholeDeployment()).secret();

    ingest(gatewayToken, batch(gateway.id(), "b1", 1, 2))
        .statusCode(200)
        .body("stored", equalTo(2));
    assertThat(influxCount("pm-1")).isEqualTo(2);

    influx.stop();
    byte[] retried = batch(gateway.id(), "b2", 2, 3, 4);
    ingest(gatewayToken, retried)
        .statusCode(503)
        .header("Retry-After", "30")
        .body(
            "error",
            equalTo(
                "storage is unavailable: the reading store (InfluxDB) cannot be reached now;"
                    + " send the request again later"));

    influx.start();
    ingest(gatewayToken, retried)
        .statusCode(200)
        .body("stored", equalTo(2))
        .body("duplicates", equalTo(1));
    // the gateway may send it once more: its earlier reply, nothing stored again
    ingest(gatewayToken, retried).statusCode(200).body("stored", equalTo(2));

    given()
        .header("Authorization", "Bearer " + viewerToken)
        .get("/api/v1/readings?device=pm-1")
        .then()
        .statusCode(200)
        .body("", hasSize(4))
        .body("seq", equalTo(List.of(1, 2, 3, 4)))
        .body("[0].gatewayId", equalTo(gateway.id()));
    assertThat(influxCount("pm-1")).isEqualTo(4);
  }

  @Test
  void ingestAndTheRegistryAnswer503WhilePostgresIsDownAndTheRetriedBatchIsStoredOnce()
      throws Exception {
    UnitRepository units = new UnitRepository(dataSource);
    units.create(new Unit("d2", null, "district", "District 2"));
    units.create(new Unit("s2", "d2", "street", "Street 2"));
    units.create(new Unit("c2", "s2", "community", "Community 2"));
    Gateway gateway = new GatewayRepository(dataSource).create("c2", "gateway 2");
    new DeviceRepository(dataSource, Set.of("pm25-rs485"), clock)
        .create(
            new Device(
                "pm-2", gateway.id(), "pm25-rs485", null, null, "c2", null, null, null, null));
    String gatewayToken = tokens.issue(Role.GATEWAY, gateway.id(), null, gateway.id()).secret();
    String viewerToken =
        tokens.issue(Role.VIEWER, "viewer-2", TokenScope.wholeDeployment()).secret();
    ingest(gatewayToken, batch(gateway.id(), "pm-2", "p1", 1)).statusCode(200);

    postgres.stop();
    String away =
        "storage is unavailable: the database (PostgreSQL) cannot be reached now;"
            + " send the request again later";
    byte[] retried = batch(gateway.id(), "pm-2", "p2", 2, 3);
    try {
      // a try meets a pooled connection that the shutdown ended (57P01) or a refused new one
      // (08001); the whole message, so that no driver text, SQL or address leaks into it
      for (int i = 0; i < 3; i++) {
        ingest(gatewayToken, retried)
            .statusCode(503)
            .header("Retry-After", "30")
            .body("error", equalTo(away));
      }
      given()
          .header("Authorization", "Bearer " + viewerToken)
          .get("/api/v1/devices/pm-2")
          .then()
          .statusCode(503)
          .header("Retry-After", "30")
          .body("error", equalTo(away));
      assertThat(influxCount("pm-2")).isEqualTo(1);
    } finally {
      postgres.start();
    }

    ingest(gatewayToken, retried)
        .statusCode(200)
        .body("stored", equalTo(2))
        .body("duplicates", equalTo(0));
    ingest(gatewayToken, retried).statusCode(200).body("stored", equalTo(2));
    given()
        .header("Authorization", "Bearer " + viewerToken)
        .get("/api/v1/readings?device=pm-2")
        .then()
        .statusCode(200)
        .body("seq", equalTo(List.of(1, 2, 3)));
    given()
        .header("Authorization", "Bearer " + viewerToken)
        .get("/api/v1/devices/pm-2")
        .then()
        .statusCode(200)
        .body("id", equalTo("pm-2"));
    assertThat(influxCount("pm-2")).isEqualTo(3);
  }

  /** How many points InfluxDB itself holds for a device, asked over its own HTTP API. */
  private int influxCount(String device) {
    return given()
        .baseUri(influx.url())
        .queryParam("db", "citysense")
        .queryParam("q", "SELECT count(seq) FROM reading WHERE device = '" + device + "'")
        .get("/query")
        .then()
        .statusCode(200)
        .extract()
        .path("results[0].series[0].values[0][1]");
  }

  private byte[] batch(String gatewayId, String batchId, long... seqs) {
    return batch(gatewayId, "pm-1", batchId, seqs);
  }

  private byte[] batch(String gatewayId, String device, String batchId, long... seqs) {
    long ts = clock.instant().toEpochMilli() - 10_000;
    List<WireReading> readings = new java.util.ArrayList<>();
    for (long seq : seqs) {
      readings.add(
          new WireReading(
              seq,
              device,
              "pm2_5",
              Quantity.PM2_5,
              Value.of(30.0 + seq),
              "µg/m³",
              ts + seq * 1000,
              Quality.GOOD));
    }
    return codec.encode(
        new Batch(
            1,
            gatewayId,
            batchId,
            clock.instant().toEpochMilli(),
            new GatewayClock(true, "ntp", 1),
            readings,
            List.of(),
            List.of(),
            Counters.ZERO));
  }

  private ValidatableResponse ingest(String token, byte[] body) {
    return given()
        .header("Authorization", "Bearer " + token)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/ingest")
        .then();
  }
}
