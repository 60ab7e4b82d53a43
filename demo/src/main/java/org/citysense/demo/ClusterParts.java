package org.citysense.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citysense.testsupport.HttpRelay;
import org.citysense.testsupport.InfluxServer;
import org.citysense.testsupport.KafkaServer;
import org.citysense.testsupport.PostgresServer;

/**
 * What the cloud's nodes share in {@code --cluster} mode, on 127.0.0.1: PostgreSQL and InfluxDB
 * (test-support's runners of the Debian packages' servers), one Kafka broker (its jars from
 * kafka-broker/target/lib, KRaft mode), and the relay that spreads the agent's batches over the
 * nodes as a load balancer would.
 */
final class ClusterParts implements AutoCloseable {
  private static final int PARTITIONS = 12;

  private final PostgresServer postgres;
  private final InfluxServer influx;
  private final KafkaServer kafka;
  private final HttpRelay relay;
  private final String jdbcUrl;

  private ClusterParts(
      PostgresServer postgres,
      InfluxServer influx,
      KafkaServer kafka,
      HttpRelay relay,
      String jdbcUrl) {
    this.postgres = postgres;
    this.influx = influx;
    this.kafka = kafka;
    this.relay = relay;
    this.jdbcUrl = jdbcUrl;
  }

  /** Starts each part; what started is stopped again when a later one fails. */
  static ClusterParts start(Path dir, Path kafkaLib) throws IOException, InterruptedException {
    if (!Files.isDirectory(kafkaLib)) {
      throw new DemoException(
          kafkaLib + " is missing: build first (scripts/demo does: mvn package -DskipTests)");
    }
    PostgresServer postgres = null;
    InfluxServer influx = null;
    KafkaServer kafka = null;
    try {
      postgres = new PostgresServer();
      String jdbcUrl = postgres.emptyDatabase("citysense");
      influx = new InfluxServer(Files.createDirectories(dir.resolve("influxdb")));
      influx.start();
      kafka = new KafkaServer(kafkaLib, dir.resolve("kafka"), 1);
      kafka.start();
      return new ClusterParts(postgres, influx, kafka, new HttpRelay(), jdbcUrl);
    } catch (Exception e) {
      closeQuietly(kafka, influx, postgres);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new DemoException(
          "cannot start the cluster's shared parts ("
              + e.getMessage()
              + "); --cluster needs PostgreSQL and InfluxDB installed (Debian: postgresql,"
              + " influxdb), as scripts/test installs them");
    }
  }

  /** The environment of node {@code i}: shared stores, Kafka as the hand-off, its name. */
  Map<String, String> env(int i) {
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_PROFILE", "prod,postgresql,influxdb");
    env.put("QUARKUS_DATASOURCE_PG_JDBC_URL", jdbcUrl);
    env.put("QUARKUS_DATASOURCE_PG_USERNAME", "postgres");
    env.put("CITYSENSE_INFLUXDB_URL", influx.url());
    env.put("CITYSENSE_INFLUXDB_DATABASE", "citysense");
    env.put("CITYSENSE_HANDOFF", "kafka");
    env.put("CITYSENSE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("CITYSENSE_KAFKA_PARTITIONS", Integer.toString(PARTITIONS));
    env.put("CITYSENSE_NODE", "node-" + i);
    return env;
  }

  /** Where the agent posts: the relay in front of the nodes. */
  int relayPort() {
    return relay.port();
  }

  void spreadOver(List<URI> nodes) {
    relay.upstreams(nodes);
  }

  String describe() {
    return "PostgreSQL on 127.0.0.1:"
        + postgres.port()
        + ", InfluxDB at "
        + influx.url()
        + ", Kafka at "
        + kafka.bootstrapServers()
        + " ("
        + PARTITIONS
        + " partitions), a relay on 127.0.0.1:"
        + relay.port()
        + " spreading the agent's batches over the nodes";
  }

  @Override
  public void close() {
    relay.close();
    closeQuietly(kafka, influx, postgres);
  }

  private static void closeQuietly(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception e) {
        // stopping the rest matters more than why this one would not stop
      }
    }
  }
}
