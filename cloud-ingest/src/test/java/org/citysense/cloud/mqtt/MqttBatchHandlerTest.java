package org.citysense.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.ingest.Accepted;
import org.citysense.cloud.ingest.DeliveryLedger;
import org.citysense.cloud.ingest.IngestReply;
import org.citysense.cloud.ingest.IngestService;
import org.citysense.cloud.ingest.ReadingChecks;
import org.citysense.cloud.ledger.JdbcDeliveryLedger;
import org.citysense.cloud.registry.GatewayContacts;
import org.citysense.cloud.store.Outage;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireCodec;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The reply on MQTT when a store is away: 503 with when to send again and the store's name, as over
 * HTTP, rather than a generic failure; anything else stays a 500.
 */
class MqttBatchHandlerTest {
  private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
  private static final String TOPIC = "citysense/gateways/gw-a/batches";
  private final ObjectMapper json = new ObjectMapper();
  private final byte[] batch =
      new WireCodec()
          .encode(
              new Batch(
                  1,
                  "gw-a",
                  "b1",
                  NOW.toEpochMilli(),
                  new GatewayClock(true, "ntp", 1),
                  List.of(),
                  List.of(),
                  List.of(),
                  Counters.ZERO));

  @Test
  void aDatabaseThatRefusesConnectionsIsA503WithRetryAfter() throws Exception {
    // PostgreSQL's own driver, on a port where nothing listens: its refusal (SQLSTATE 08001)
    PGSimpleDataSource nobody = new PGSimpleDataSource();
    nobody.setServerNames(new String[] {"127.0.0.1"});
    nobody.setPortNumbers(new int[] {closedPort()});
    nobody.setDatabaseName("citysense");
    nobody.setUser("postgres");
    MqttBatchHandler handler = handler(new JdbcDeliveryLedger(nobody), nobody);

    JsonNode reply = reply(handler);

    assertThat(reply.get("batchId").asText()).isEqualTo("b1");
    assertThat(reply.get("status").asInt()).isEqualTo(503);
    assertThat(reply.get("retryAfterSeconds").asInt()).isEqualTo(30);
    assertThat(reply.get("error").asText())
        .isEqualTo(
            "storage is unavailable: the database (PostgreSQL) cannot be reached now;"
                + " send the batch again later");
  }

  @Test
  void aStatementTheDatabaseRefusesIsStillA500() throws Exception {
    DeliveryLedger refusing =
        new DeliveryLedger() {
          @Override
          public Set<Long> alreadyStored(String gatewayId, Collection<Long> seqs) {
            return Set.of();
          }

          @Override
          public void record(IngestReply reply, Accepted accepted) {}

          @Override
          public Optional<IngestReply> reply(String gatewayId, String batchId) {
            throw new DataAccessException(
                "reading a reply", new SQLException("relation does not exist", "42P01"));
          }
        };
    JsonNode reply = reply(handler(refusing, new PGSimpleDataSource()));

    assertThat(reply.get("status").asInt()).isEqualTo(500);
    assertThat(reply.path("retryAfterSeconds").isNumber()).isFalse();
    assertThat(reply.get("error").asText()).isEqualTo("internal error; see the service log");
  }

  @Test
  void aGatewayWithoutAValidTokenIsA401AndNothingReachesTheIngest() throws Exception {
    DeliveryLedger untouched =
        new DeliveryLedger() {
          @Override
          public Set<Long> alreadyStored(String gatewayId, Collection<Long> seqs) {
            throw new AssertionError("the ingest was reached");
          }

          @Override
          public void record(IngestReply reply, Accepted accepted) {
            throw new AssertionError("the ingest was reached");
          }

          @Override
          public Optional<IngestReply> reply(String gatewayId, String batchId) {
            throw new AssertionError("the ingest was reached");
          }
        };
    MqttBatchHandler handler =
        handler(untouched, new PGSimpleDataSource(), gateway -> !gateway.equals("gw-a"));

    JsonNode reply = reply(handler);

    assertThat(reply.get("batchId").asText()).isEqualTo("b1");
    assertThat(reply.get("status").asInt()).isEqualTo(401);
    assertThat(reply.get("error").asText()).contains("gw-a").contains("no valid token");
  }

  private MqttBatchHandler handler(DeliveryLedger ledger, javax.sql.DataSource contacts) {
    return handler(ledger, contacts, gateway -> true);
  }

  private MqttBatchHandler handler(
      DeliveryLedger ledger,
      javax.sql.DataSource contacts,
      java.util.function.Predicate<String> activeGateway) {
    IngestService ingest =
        new IngestService(
            new ReadingChecks(id -> Optional.empty(), ProfileCatalog.bundled()),
            ledger,
            null, // never reached: the ledger is asked first whether the batch was seen
            Duration.ofMinutes(5),
            Duration.ofMinutes(2),
            100);
    return new MqttBatchHandler(
        ingest,
        json,
        1 << 20,
        new GatewayContacts(contacts),
        Outage.databaseName("postgresql"),
        activeGateway);
  }

  private JsonNode reply(MqttBatchHandler handler) throws IOException {
    MqttBatchHandler.Reply reply = handler.handle(TOPIC, batch, NOW).orElseThrow();
    assertThat(reply.topic()).isEqualTo("citysense/gateways/gw-a/replies");
    return json.readTree(reply.payload());
  }

  /** A port that was free a moment ago, so that a connection to it is refused. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
