package org.citysense.cloud.pipeline.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** Which partition a gateway's batches go to: Kafka's default partitioner, for its key. */
public final class Partitions {
  private Partitions() {}

  public static int of(String gatewayId, int partitions) {
    return Utils.toPositive(Utils.murmur2(gatewayId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
