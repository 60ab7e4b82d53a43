package org.citysense.cloud.pipeline.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.citysense.cloud.evaluate.LocalStationBoard;
import org.citysense.cloud.evaluate.StationBoard;
import org.jboss.logging.Logger;

/**
 * The stations' readings across the cluster, for the neighbour rules: each node puts the readings
 * its partitions judge on its own board and on the stations topic, and reads every other node's
 * from that topic (every node reads all of it: no consumer group). At start it reads the topic back
 * over {@code keep}, so a node that takes partitions over knows the neighbours' recent means before
 * it judges. A reading from another node arrives within a poll (milliseconds); one judged before
 * its neighbours' readings of the same minutes arrived sees a window that lacks them, which moves a
 * mean over minutes by little.
 */
public final class KafkaStationBoard implements StationBoard, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KafkaStationBoard.class);

  private final KafkaSettings settings;
  private final LocalStationBoard board;
  private final Duration keep;
  private final KafkaProducer<String, String> producer;
  private final AtomicLong unsent = new AtomicLong();
  private KafkaConsumer<String, String> consumer;
  private Thread reader;
  private volatile boolean stopped;

  public KafkaStationBoard(KafkaSettings settings, Duration keep) {
    this.settings = settings;
    this.board = new LocalStationBoard(keep);
    this.keep = keep;
    Map<String, Object> c = settings.common("stations-out");
    c.put("acks", "1");
    c.put("linger.ms", "5");
    this.producer = new KafkaProducer<>(c, new StringSerializer(), new StringSerializer());
  }

  /** Reads the topic back over {@code keep} (up to 30 s), then follows it on a thread. */
  public synchronized void start() {
    if (reader != null) {
      return;
    }
    Map<String, Object> c = settings.common("stations-in");
    c.put("enable.auto.commit", "false");
    c.put("auto.offset.reset", "latest");
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> all =
        KafkaTopics.partitionsOf(consumer, settings.stationsTopic(), settings);
    consumer.assign(all);
    // records carry Kafka's timestamps (the wall clock), whatever clock the deployment runs on
    long from = System.currentTimeMillis() - keep.toMillis();
    Map<TopicPartition, Long> when = new HashMap<>();
    all.forEach(tp -> when.put(tp, from));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(when);
    Map<TopicPartition, Long> ends = consumer.endOffsets(all);
    for (TopicPartition tp : all) {
      OffsetAndTimestamp at = found.get(tp);
      consumer.seek(tp, at == null ? ends.get(tp) : at.offset());
    }
    long t0 = System.nanoTime();
    long read = 0;
    while (behind(ends) && System.nanoTime() - t0 < 30_000_000_000L) {
      read += take(consumer.poll(Duration.ofMillis(200)));
    }
    LOG.infof(
        "stations' readings read back from %s: %d readings of %d stations in %d ms",
        settings.stationsTopic(), read, board.stations(), (System.nanoTime() - t0) / 1_000_000);
    reader = new Thread(this::follow, "stations-in");
    reader.setDaemon(true);
    reader.start();
  }

  private boolean behind(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue());
  }

  private void follow() {
    while (!stopped) {
      try {
        take(consumer.poll(Duration.ofMillis(500)));
      } catch (WakeupException e) {
        break;
      } catch (RuntimeException e) {
        LOG.warnf("cannot read the stations' readings, trying again: %s", e.getMessage());
        sleep();
      }
    }
    consumer.close(Duration.ofSeconds(5));
  }

  private int take(Iterable<ConsumerRecord<String, String>> records) {
    int n = 0;
    for (ConsumerRecord<String, String> r : records) {
      String[] f = r.value().split("\n", 4);
      if (f.length != 4) {
        LOG.warnf("a record of %s is not a station's reading: skipped", settings.stationsTopic());
        continue;
      }
      try {
        board.put(f[0], f[1], Long.parseLong(f[2]), Double.parseDouble(f[3]));
        n++;
      } catch (NumberFormatException e) {
        LOG.warnf(
            "a record of %s has no number where one belongs: skipped", settings.stationsTopic());
      }
    }
    return n;
  }

  @Override
  public void put(String ruleId, String stationId, long time, double value) {
    board.put(ruleId, stationId, time, value);
    String text = ruleId + "\n" + stationId + "\n" + time + "\n" + value;
    producer.send(
        new ProducerRecord<>(settings.stationsTopic(), stationId, text),
        (meta, e) -> {
          if (e != null && Long.bitCount(unsent.incrementAndGet()) == 1) {
            LOG.warnf(
                "a station's reading did not reach the other nodes (%d so far): %s",
                unsent.get(), e.getMessage());
          }
        });
  }

  @Override
  public double mean(String ruleId, String stationId, long from, long to) {
    return board.mean(ruleId, stationId, from, to);
  }

  @Override
  public void close() {
    stopped = true;
    KafkaConsumer<String, String> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    producer.close(Duration.ofSeconds(5));
  }

  private static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
