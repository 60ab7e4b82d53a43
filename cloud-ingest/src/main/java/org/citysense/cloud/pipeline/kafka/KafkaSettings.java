package org.citysense.cloud.pipeline.kafka;

import java.util.HashMap;
import java.util.Map;
import org.citysense.cloud.evaluate.SignalPosition;

/**
 * Where a cluster's parts live on Apache Kafka. Its topics and consumer group are named from one
 * prefix, so that two deployments can share a Kafka cluster.
 *
 * @param prefix of the topics and the group: {@code <prefix>.accepted} (the hand-off: the accepted
 *     items, keyed by gateway), {@code <prefix>.stations} (the stations' readings for the neighbour
 *     rules), {@code <prefix>.event-changes} (for the live streams of every node), group {@code
 *     <prefix>.rules}
 * @param partitions how many partitions the hand-off is made with: the most nodes that judge at
 *     once
 * @param replicationFactor copies of each partition (1 on one broker; 3 in production)
 * @param node this node's name, as Kafka clients and the logs name it
 */
public record KafkaSettings(
    String bootstrapServers, String prefix, int partitions, short replicationFactor, String node) {
  public KafkaSettings {
    if (partitions < 1 || partitions > SignalPosition.MAX_PARTITIONS) {
      throw new IllegalArgumentException(
          "citysense.kafka.partitions: 1 to "
              + SignalPosition.MAX_PARTITIONS
              + ", was "
              + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "citysense.kafka.replication-factor: 1 or more, was " + replicationFactor);
    }
  }

  /** The same cluster as another node names itself. */
  public KafkaSettings as(String otherNode) {
    return new KafkaSettings(bootstrapServers, prefix, partitions, replicationFactor, otherNode);
  }

  public String topic() {
    return prefix + ".accepted";
  }

  public String stationsTopic() {
    return prefix + ".stations";
  }

  public String eventsTopic() {
    return prefix + ".event-changes";
  }

  public String group() {
    return prefix + ".rules";
  }

  /** What every client of this node is given. */
  Map<String, Object> common(String role) {
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", bootstrapServers);
    c.put("client.id", "citysense-" + node + "-" + role);
    return c;
  }
}
