package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.citysense.profiles.model.Value;
import org.citysense.testsupport.ChildProcess;
import org.citysense.testsupport.InfluxServer;
import org.citysense.testsupport.MosquittoServer;
import org.citysense.testsupport.PeerProcess;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production mode as docs/operations.md sets it up, configured only by environment variables:
 * cloud-ingest on a real PostgreSQL (registry, tokens, events), a real InfluxDB 1.6.7 (readings)
 * and a real Mosquitto that knows each gateway by its id and token and limits it to its own topics.
 * An edge agent sends its readings over MQTT; a gas detector leaks. The readings are found in
 * InfluxDB, the registry and the event in PostgreSQL, the event in the alert API; after a restart
 * of cloud-ingest all of it is still there, MQTT ingest goes on, and no H2 file was ever made.
 */
class ProductionModeIT {
  private static final String CLOUD_USER = "citysense-cloud";
  // the broker ACL of docs/operations.md
  private static final String ACL =
      """
      user citysense-cloud
      topic read citysense/gateways/+/batches
      topic write citysense/gateways/+/replies

      pattern write citysense/gateways/%u/batches
      pattern read citysense/gateways/%u/replies
      """;

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void runsOnPostgresInfluxAndMosquittoAndKeepsEverythingOverARestart() throws Exception {
    long started = System.nanoTime();
    String pgPassword = "pg-" + UUID.randomUUID();
    String mqttPassword = "mqtt-" + UUID.randomUUID();
    String admin = "admin-" + UUID.randomUUID();
    Map<String, String> profiles = new LinkedHashMap<>();
    profiles.put("pm-1", "pm25-rs485");
    profiles.put("wm-1", "water-meter-modbus");
    profiles.put("gas-1", "gas-lel-modbus");
    try (PostgresServer postgres = PostgresServer.withPasswords();
        InfluxServer influx = new InfluxServer(Files.createDirectories(dir.resolve("influx")));
        MosquittoServer broker =
            new MosquittoServer(Files.createDirectories(dir.resolve("mosquitto")), ACL);
        SimSite site = new SimSite(Clock.systemUTC(), 1, profiles)) {
      String jdbcUrl = citysenseDatabase(postgres, pgPassword);
      influx.start();
      broker.addAccount(CLOUD_USER, mqttPassword);
      broker.start();
      Map<String, String> env = new HashMap<>();
      env.put("QUARKUS_PROFILE", "prod,postgresql,influxdb");
      env.put("QUARKUS_DATASOURCE_PG_JDBC_URL", jdbcUrl);
      env.put("QUARKUS_DATASOURCE_PG_USERNAME", "citysense");
      env.put("QUARKUS_DATASOURCE_PG_PASSWORD", pgPassword);
      env.put("CITYSENSE_INFLUXDB_URL", influx.url());
      env.put("CITYSENSE_INFLUXDB_DATABASE", "citysense");
      env.put("CITYSENSE_MQTT_ENABLED", "true");
      env.put("CITYSENSE_MQTT_HOST", "127.0.0.1");
      env.put("CITYSENSE_MQTT_PORT", Integer.toString(broker.port()));
      env.put("CITYSENSE_MQTT_USERNAME", CLOUD_USER);
      env.put("CITYSENSE_MQTT_PASSWORD", mqttPassword);

      String gateway;
      AgentSetup agent;
      long eventId;
      long storedBeforeRestart;
      try (Cloud cloud = Cloud.start(dir, env, admin)) {
        gateway = cloud.gateway(SystemTestSupport.COMMUNITY, "production gateway");
        cloud.importDevices(gateway, AgentSetup.devicesYaml(site.devices(), Map.of()));
        String token = cloud.gatewayToken(gateway);
        // the operator's step for a new gateway: its broker account, then a reload (SIGHUP)
        broker.addAccount(gateway, token);
        broker.reload();
        Poll.until(
            "the broker lets the new gateway in",
            Duration.ofSeconds(30),
            () -> publish(broker, gateway, token, gateway, "{}").exit() == 0);
        assertBrokerGuardsTheGateway(broker, gateway, token);

        agent =
            new AgentSetup(
                dir.resolve("agent"),
                gateway,
                token,
                "tcp://127.0.0.1:" + broker.port(),
                site.devices(),
                intervals(),
                "64MB",
                "1MB",
                Map.of());
        try (ChildProcess process = agent.start()) {
          Poll.until(
              "readings of every device in InfluxDB",
              Duration.ofSeconds(90),
              () -> site.devices().stream().allMatch(d -> influxCount(influx, gateway, d.id()) > 0),
              () -> process.tails() + "\n" + cloud.tails());

          site.sim("gas-1").set("gas", Value.of(30.0));
          site.sim("gas-1").set("gas_alarm", Value.of(true));
          Poll.until(
              "the gas event in the alert API",
              Duration.ofSeconds(60),
              () -> openGasEvent(cloud) != null,
              () -> process.tails() + "\n" + cloud.tails());
          process.stop(Duration.ofSeconds(30));
        }
        JsonNode event = openGasEvent(cloud);
        eventId = event.get("id").asLong();
        assertThat(event.get("gatewayId").asText()).isEqualTo(gateway);
        assertThat(event.get("severity").asText()).isEqualTo("critical");
        assertThat(influxAlarmReadings(influx, gateway))
            .as("gas readings above 20 %LEL in InfluxDB")
            .isPositive();

        try (Connection db = DriverManager.getConnection(jdbcUrl, "citysense", pgPassword)) {
          assertThat(rows(db, "SELECT unit_id FROM gateways WHERE id = ?", gateway))
              .containsExactly(SystemTestSupport.COMMUNITY);
          assertThat(rows(db, "SELECT id FROM devices WHERE gateway_id = ? ORDER BY id", gateway))
              .containsExactly("gas-1", "pm-1", "wm-1");
          assertThat(
                  rows(
                      db,
                      "SELECT status FROM events WHERE id = " + eventId + " AND device_id = ?",
                      "gas-1"))
              .containsExactly("open");
        }
        storedBeforeRestart = influxCount(influx, gateway, null);
      }

      try (Cloud cloud = Cloud.start(dir, env, admin)) {
        assertThat(cloud.gatewayView(gateway).get("unitId").asText())
            .isEqualTo(SystemTestSupport.COMMUNITY);
        assertThat(cloud.get("/api/v1/devices/gas-1").get("gatewayId").asText()).isEqualTo(gateway);
        assertThat(cloud.get("/api/v1/events/" + eventId).get("status").asText()).isEqualTo("open");
        assertThat(influxCount(influx, gateway, null)).isEqualTo(storedBeforeRestart);
        assertThat(cloud.readings("gas-1", Instant.now().minus(Duration.ofHours(1)), Instant.now()))
            .as("the gas readings, as the restarted cloud reads them from InfluxDB")
            .isNotEmpty();

        try (ChildProcess process = agent.start()) {
          Poll.until(
              "new readings over MQTT after the restart",
              Duration.ofSeconds(90),
              () -> influxCount(influx, gateway, null) > storedBeforeRestart,
              () -> process.tails() + "\n" + cloud.tails());
        }
      }
      try (Stream<Path> files = Files.walk(Cloud.dataDir(dir))) {
        List<String> names = files.map(p -> p.getFileName().toString()).toList();
        assertThat(names).as("the data dir was in use").contains("rules.yaml");
        assertThat(names)
            .as("no embedded database in the data dir")
            .noneMatch(n -> n.endsWith(".mv.db") || n.endsWith(".trace.db"));
      }
    }
    System.out.printf("ProductionModeIT: %d s%n", (System.nanoTime() - started) / 1_000_000_000);
  }

  /**
   * As docs/operations.md: a role with a password and a database it owns. The server checks
   * passwords on TCP, so the cloud gets in only with the one its environment gives.
   */
  private static String citysenseDatabase(PostgresServer postgres, String password)
      throws Exception {
    postgres.psql("CREATE ROLE citysense LOGIN PASSWORD '" + password + "'");
    postgres.psql("CREATE DATABASE citysense OWNER citysense");
    String url = postgres.jdbcUrl("citysense");
    assertThatThrownBy(() -> DriverManager.getConnection(url, "citysense", "not-" + password))
        .as("PostgreSQL checks the password")
        .isInstanceOf(SQLException.class);
    return url;
  }

  /**
   * A gateway's account opens only its own topics: a wrong token is refused, and (MQTT 5 reports
   * it) a publish on another gateway's topic is not authorised.
   */
  private static void assertBrokerGuardsTheGateway(
      MosquittoServer broker, String gateway, String token) throws Exception {
    Published wrongToken = publish(broker, gateway, "cs_not-the-token", gateway, "{}");
    assertThat(wrongToken.exit()).as(wrongToken.output()).isNotZero();
    assertThat(wrongToken.output()).contains("Not authorized");
    Published otherTopic = publish(broker, gateway, token, "gw-someone-else", "{}");
    assertThat(otherTopic.output()).contains("Not authorized");
    Published ownTopic = publish(broker, gateway, token, gateway, "{}");
    assertThat(ownTopic.output()).doesNotContain("Not authorized");
  }

  private record Published(int exit, String output) {}

  /** mosquitto_pub (MQTT 5, QoS 1) as {@code user} on {@code topicGateway}'s batches topic. */
  private static Published publish(
      MosquittoServer broker, String user, String password, String topicGateway, String payload) {
    List<String> command =
        List.of(
            "mosquitto_pub",
            "-V",
            "mqttv5",
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(broker.port()),
            "-u",
            user,
            "-P",
            password,
            "-q",
            "1",
            "-t",
            "citysense/gateways/" + topicGateway + "/batches",
            "-m",
            payload);
    try (PeerProcess pub = PeerProcess.start(command)) {
      if (!pub.awaitExit(Duration.ofSeconds(30))) {
        throw new AssertionError("mosquitto_pub did not end\n" + pub.transcript());
      }
      return new Published(pub.exitCode(), pub.out() + pub.err());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The open event of the gas detector's gas point, as the alert API lists it; else null. */
  private static JsonNode openGasEvent(Cloud cloud) {
    try {
      for (JsonNode e : cloud.get("/api/v1/events?status=open").get("items")) {
        if ("gas-1".equals(e.path("deviceId").asText())
            && "gas-high".equals(e.path("ruleId").asText())) {
          return e;
        }
      }
      return null;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Readings of the gateway (of one device, unless null) in InfluxDB, asked over its HTTP API. */
  private long influxCount(InfluxServer influx, String gateway, String device) {
    return influxNumber(
        influx,
        "SELECT count(seq) FROM reading WHERE gateway = '"
            + gateway
            + "'"
            + (device == null ? "" : " AND device = '" + device + "'"));
  }

  private long influxAlarmReadings(InfluxServer influx, String gateway) {
    return influxNumber(
        influx,
        "SELECT count(value) FROM reading WHERE gateway = '"
            + gateway
            + "' AND device = 'gas-1' AND point = 'gas' AND value >= 20");
  }

  /** The single number a count query answers; 0 when it finds no series. */
  private long influxNumber(InfluxServer influx, String query) {
    try {
      URI uri =
          URI.create(
              influx.url()
                  + "/query?db=citysense&q="
                  + URLEncoder.encode(query, StandardCharsets.UTF_8));
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode series = json.readTree(response.body()).path("results").path(0).path("series");
      return series.isMissingNode() ? 0 : series.path(0).path("values").path(0).path(1).asLong();
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The first column of every row the query finds; its one parameter is {@code value}. */
  private static List<String> rows(Connection db, String sql, String value) throws SQLException {
    try (PreparedStatement s = db.prepareStatement(sql)) {
      s.setString(1, value);
      try (ResultSet r = s.executeQuery()) {
        List<String> list = new ArrayList<>();
        while (r.next()) {
          list.add(r.getString(1));
        }
        return list;
      }
    }
  }

  /** Every point every 2 s, so a run of a few seconds has readings of each device. */
  private static Map<String, String> intervals() {
    return Map.of(
        "pm25-rs485", "humidity: 2s, temperature: 2s, pm2_5: 2s, pm10: 2s",
        "water-meter-modbus", "volume: 2s, flow: 2s, battery: 2s",
        "gas-lel-modbus", "gas: 1s, gas_alarm: 1s, valve: 2s");
  }
}
