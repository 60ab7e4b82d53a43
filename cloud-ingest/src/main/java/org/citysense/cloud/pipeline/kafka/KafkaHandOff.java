package org.citysense.cloud.pipeline.kafka;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.citysense.cloud.ingest.Accepted;
import org.citysense.cloud.ledger.JdbcDeliveryLedger;
import org.citysense.cloud.pipeline.LogEntryCodec;
import org.citysense.cloud.store.StoreUnavailableException;

/**
 * The ingest's side of the hand-off on Kafka: the delivery ledger's record of a batch commits only
 * once the batch's items are in the topic, acknowledged by every in-sync replica (an idempotent
 * producer, {@code acks=all}), keyed by gateway so that one gateway's items stay in order on one
 * partition. A crash between Kafka's acknowledgement and the commit makes the gateway send the
 * batch again, and the rules may see its items twice: they raise no second event (the event's
 * active key), at most a repeat counts twice.
 */
public final class KafkaHandOff implements JdbcDeliveryLedger.Commit, AutoCloseable {
  private final KafkaSettings settings;
  private final KafkaProducer<String, byte[]> producer;
  private final LogEntryCodec codec = new LogEntryCodec();

  /** The header with the time the batch was accepted, epoch milliseconds as a decimal. */
  static final String ACCEPTED_AT = "accepted-at";

  public KafkaHandOff(KafkaSettings settings) {
    this.settings = settings;
    Map<String, Object> config = settings.common("ingest");
    config.put("acks", "all");
    config.put("enable.idempotence", "true");
    config.put("linger.ms", "2");
    config.put("delivery.timeout.ms", "20000");
    config.put("request.timeout.ms", "10000");
    config.put("max.block.ms", "10000");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public void commit(Connection c, Accepted accepted) throws SQLException {
    // The record's own timestamp stays Kafka's (the wall clock, for retention and seeking); the
    // time of acceptance on the deployment's clock travels in a header.
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(settings.topic(), accepted.gatewayId(), codec.encode(accepted));
    record
        .headers()
        .add(
            ACCEPTED_AT,
            Long.toString(accepted.acceptedAt().toEpochMilli())
                .getBytes(StandardCharsets.US_ASCII));
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable why = e instanceof ExecutionException ? e.getCause() : e;
      throw new StoreUnavailableException(
          "the hand-off (Kafka)",
          "the hand-off (Kafka at "
              + settings.bootstrapServers()
              + ") did not take the batch: "
              + why.getMessage(),
          why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(
          "the hand-off (Kafka)", "interrupted while handing the batch on", e);
    }
    c.commit();
  }

  /** When the batch of {@code r} was accepted, on the deployment's clock. */
  static Instant acceptedAt(ConsumerRecord<?, ?> r) {
    Header at = r.headers().lastHeader(ACCEPTED_AT);
    if (at != null) {
      try {
        return Instant.ofEpochMilli(
            Long.parseLong(new String(at.value(), StandardCharsets.US_ASCII)));
      } catch (NumberFormatException e) {
        // written by something else: Kafka's own time is the next best
      }
    }
    return Instant.ofEpochMilli(r.timestamp());
  }

  @Override
  public void close() {
    producer.close();
  }
}
