package org.citysense.cloud.pipeline.kafka;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the hand-off lives on Apache Kafka.
 *
 * @param topic the accepted items, keyed by gateway
 * @param stationsTopic the stations' readings every node's neighbour rules read
 * @param partitions how many partitions the topic is made with: the most nodes that judge at once
 * @param replicationFactor copies of each partition (1 on one broker; 3 in production)
 * @param group the consumer group of the nodes' rules
 * @param node this node's name, as Kafka clients and the logs name it
 */
public record KafkaSettings(
    String bootstrapServers,
    String topic,
    String stationsTopic,
    int partitions,
    short replicationFactor,
    String group,
    String node) {
  public KafkaSettings {
    if (partitions < 1 || partitions > org.citysense.cloud.evaluate.SignalPosition.MAX_PARTITIONS) {
      throw new IllegalArgumentException(
          "citysense.kafka.partitions: 1 to "
              + org.citysense.cloud.evaluate.SignalPosition.MAX_PARTITIONS
              + ", was "
              + partitions);
    }
  }

  /** What every client of this node is given. */
  Map<String, Object> common(String role) {
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", bootstrapServers);
    c.put("client.id", "citysense-" + node + "-" + role);
    return c;
  }
}
