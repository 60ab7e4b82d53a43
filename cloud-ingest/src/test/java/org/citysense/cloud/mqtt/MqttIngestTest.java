package org.citysense.cloud.mqtt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;
import org.citysense.testsupport.MosquittoServer;
import org.junit.jupiter.api.Test;

/**
 * MQTT ingest against a real Mosquitto, with Debian's mosquitto_pub and mosquitto_sub playing the
 * gateway: a batch published on the gateway's topic is stored and the reply published on its
 * replies topic.
 */
@QuarkusTest
@WithTestResource(MqttBroker.class)
class MqttIngestTest {
  private final WireCodec codec = new WireCodec();
  private final ObjectMapper json = new ObjectMapper();
  @Inject DataSource dataSource;
  @Inject TokenService tokens;
  @Inject Clock clock;

  MosquittoServer broker;

  @Test
  void aPublishedBatchIsStoredAndAnswered() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    UnitRepository units = new UnitRepository(dataSource);
    units.create(new Unit("d-" + run, null, "district", "District " + run));
    units.create(new Unit("s-" + run, "d-" + run, "street", "Street"));
    units.create(new Unit("c-" + run, "s-" + run, "community", "Community"));
    Gateway gateway = new GatewayRepository(dataSource).create("c-" + run, "gateway");
    String device = "pm-" + run;
    new DeviceRepository(dataSource, Set.of("pm25-rs485"), clock)
        .create(
            new Device(
                device,
                gateway.id(),
                "pm25-rs485",
                null,
                null,
                "c-" + run,
                null,
                null,
                null,
                null));
    String viewer =
        tokens.issue(Role.VIEWER, "viewer-" + run, TokenScope.wholeDeployment()).secret();
    String gatewayToken = tokens.issue(Role.GATEWAY, "gateway", null, gateway.id()).id();

    JsonNode reply = exchange(gateway.id(), gzip(batch(gateway.id(), "m1", device, 1, 2)));
    assertThat(reply.get("batchId").asText()).isEqualTo("m1");
    assertThat(reply.get("stored").asInt()).isEqualTo(2);

    given()
        .header("Authorization", "Bearer " + viewer)
        .get("/api/v1/readings?device=" + device)
        .then()
        .statusCode(200)
        .body("", hasSize(2))
        .body("[0].gatewayId", equalTo(gateway.id()));

    // a batch of another gateway on this gateway's topic: refused, nothing stored
    JsonNode refused = exchange(gateway.id(), batch("gw-other", "m2", device, 3));
    assertThat(refused.get("status").asInt()).isEqualTo(403);
    assertThat(refused.get("field").asText()).isEqualTo("gatewayId");
    given()
        .header("Authorization", "Bearer " + viewer)
        .get("/api/v1/readings?device=" + device)
        .then()
        .body("", hasSize(2));

    // its token revoked, the broker still letting it in (here: no accounts at all): the cloud
    // refuses its batches within seconds, and stores nothing of them
    tokens.revoke(gatewayToken);
    JsonNode revoked = null;
    for (int i = 0; i < 20 && (revoked == null || revoked.get("status") == null); i++) {
      revoked = exchange(gateway.id(), batch(gateway.id(), "m3-" + i, device, 10 + i));
      if (revoked.get("status") == null) {
        Thread.sleep(500); // the answer may be kept for a few seconds: try a new batch
      }
    }
    assertThat(revoked.get("status").asInt()).isEqualTo(401);
    assertThat(revoked.get("error").asText()).contains("no valid token");
    int storedBefore =
        given()
            .header("Authorization", "Bearer " + viewer)
            .get("/api/v1/readings?device=" + device)
            .then()
            .extract()
            .jsonPath()
            .getList("")
            .size();
    JsonNode again = exchange(gateway.id(), batch(gateway.id(), "m4", device, 99));
    assertThat(again.get("status").asInt()).isEqualTo(401);
    given()
        .header("Authorization", "Bearer " + viewer)
        .get("/api/v1/readings?device=" + device)
        .then()
        .body("", hasSize(storedBefore));
  }

  /**
   * Subscribes to the gateway's replies, then publishes the batch (again every 2 s until the
   * service's own subscription is up: a re-sent batch id only replays the reply) and returns the
   * first reply.
   */
  private JsonNode exchange(String gatewayId, byte[] payload) throws Exception {
    Path dir = Files.createTempDirectory("citysense-mqtt-peer");
    Path body = Files.write(dir.resolve("batch"), payload);
    Path out = dir.resolve("replies");
    Process sub =
        new ProcessBuilder(
                "mosquitto_sub",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(broker.port()),
                "-q",
                "1",
                "-C",
                "1",
                "-W",
                "40",
                "-d",
                "-t",
                "citysense/gateways/" + gatewayId + "/replies")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.readString(out).contains("SUBACK") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      for (int attempt = 0; attempt < 15 && sub.isAlive(); attempt++) {
        Process pub =
            new ProcessBuilder(
                    "mosquitto_pub",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(broker.port()),
                    "-q",
                    "1",
                    "-t",
                    "citysense/gateways/" + gatewayId + "/batches",
                    "-f",
                    body.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(pub.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pub.exitValue()).isZero();
        sub.waitFor(2, TimeUnit.SECONDS);
      }
      assertThat(sub.waitFor(1, TimeUnit.SECONDS)).as(Files.readString(out)).isTrue();
      String line =
          Files.readAllLines(out).stream()
              .filter(l -> l.startsWith("{"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no reply: " + readQuietly(out)));
      return json.readTree(line);
    } finally {
      sub.destroy();
      sub.waitFor(5, TimeUnit.SECONDS);
      Files.deleteIfExists(body);
      Files.deleteIfExists(out);
      Files.deleteIfExists(dir);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.getMessage();
    }
  }

  private static byte[] gzip(byte[] raw) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  private byte[] batch(String gatewayId, String batchId, String device, long... seqs) {
    long ts = clock.instant().toEpochMilli() - 10_000;
    List<WireReading> readings = new java.util.ArrayList<>();
    for (long seq : seqs) {
      readings.add(
          new WireReading(
              seq,
              device,
              "pm2_5",
              Quantity.PM2_5,
              Value.of(20.0 + seq),
              "µg/m³",
              ts + seq,
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
}
