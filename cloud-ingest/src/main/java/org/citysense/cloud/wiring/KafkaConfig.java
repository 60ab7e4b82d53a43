package org.citysense.cloud.wiring;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.citysense.cloud.pipeline.kafka.KafkaSettings;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code citysense.kafka.*} keys, read when the hand-off is on Kafka ({@code
 * citysense.handoff=kafka}); see docs/operations.md, "Running a cluster".
 */
@ApplicationScoped
public class KafkaConfig {
  @ConfigProperty(name = "citysense.kafka.bootstrap-servers")
  Optional<String> bootstrapServers;

  /** Of the topics and the consumer group ({@link KafkaSettings}). */
  @ConfigProperty(name = "citysense.kafka.prefix", defaultValue = "citysense")
  String prefix;

  @ConfigProperty(name = "citysense.kafka.partitions", defaultValue = "12")
  int partitions;

  @ConfigProperty(name = "citysense.kafka.replication-factor", defaultValue = "1")
  short replicationFactor;

  /** This node's name in the logs and Kafka's client ids; the host and process by default. */
  @ConfigProperty(name = "citysense.node")
  Optional<String> node;

  private KafkaSettings settings;

  synchronized KafkaSettings settings() {
    if (settings == null) {
      settings =
          new KafkaSettings(
              bootstrapServers.orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "citysense.kafka.bootstrap-servers is missing: the hand-off is on Kafka"
                              + " (citysense.handoff=kafka), so say where Kafka is, e.g."
                              + " 127.0.0.1:9092")),
              prefix,
              partitions,
              replicationFactor,
              node.orElseGet(KafkaConfig::defaultNode));
    }
    return settings;
  }

  private static String defaultNode() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
