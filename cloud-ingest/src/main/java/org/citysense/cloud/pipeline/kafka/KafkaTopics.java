package org.citysense.cloud.pipeline.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Makes the cluster's topics when they are missing; a topic that exists is left as it is. The
 * hand-off keeps a week (a node may be away that long and judge what it missed once back); the
 * stations' readings a day (the neighbour rules look back minutes to hours); the events' changes an
 * hour (only the live streams follow them, from their end). A write is acknowledged by all replicas
 * but one at least ({@code min.insync.replicas}, with {@code acks=all}).
 */
public final class KafkaTopics {
  private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

  private KafkaTopics() {}

  /**
   * @throws IllegalStateException naming the servers when Kafka cannot be reached in 30 s
   */
  public static void ensure(KafkaSettings settings) {
    String minInSync = Integer.toString(Math.max(1, settings.replicationFactor() - 1));
    List<NewTopic> topics =
        List.of(
            new NewTopic(settings.topic(), settings.partitions(), settings.replicationFactor())
                .configs(
                    Map.of(
                        "min.insync.replicas",
                        minInSync,
                        "retention.ms",
                        Long.toString(Duration.ofDays(7).toMillis()))),
            new NewTopic(settings.stationsTopic(), 1, settings.replicationFactor())
                .configs(
                    Map.of(
                        "min.insync.replicas",
                        minInSync,
                        "retention.ms",
                        Long.toString(Duration.ofDays(1).toMillis()))),
            new NewTopic(settings.eventsTopic(), 1, settings.replicationFactor())
                .configs(Map.of("retention.ms", Long.toString(Duration.ofHours(1).toMillis()))));
    try (Admin admin = Admin.create(settings.common("admin"))) {
      var made = admin.createTopics(topics).values();
      for (NewTopic topic : topics) {
        make(settings, topic, made.get(topic.name()));
      }
    }
  }

  private static void make(
      KafkaSettings settings, NewTopic topic, org.apache.kafka.common.KafkaFuture<Void> made) {
    try {
      made.get(30, TimeUnit.SECONDS);
      LOG.infof(
          "made topic %s [partitions: %d, replicas: %d]",
          topic.name(), topic.numPartitions(), topic.replicationFactor());
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot make topic "
                + topic.name()
                + " on "
                + settings.bootstrapServers()
                + ": "
                + e.getCause().getMessage(),
            e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + settings.bootstrapServers() + " did not answer in 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making topic " + topic.name(), e);
    }
  }

  /**
   * The partitions of {@code topic} as {@code consumer} sees them, waiting up to 30 s for a topic
   * just made to reach the client's metadata.
   *
   * @throws IllegalStateException when the topic is not there by then
   */
  static List<org.apache.kafka.common.TopicPartition> partitionsOf(
      org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
      String topic,
      KafkaSettings settings) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<org.apache.kafka.common.PartitionInfo> found = consumer.partitionsFor(topic);
      if (found != null && !found.isEmpty()) {
        return found.stream()
            .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition()))
            .toList();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "topic " + topic + " is missing on " + settings.bootstrapServers());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
      }
    }
  }
}
