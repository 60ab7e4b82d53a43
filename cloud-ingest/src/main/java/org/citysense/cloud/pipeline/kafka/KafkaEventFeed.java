package org.citysense.cloud.pipeline.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.events.EventChange;
import org.citysense.cloud.events.EventService;
import org.jboss.logging.Logger;

/**
 * The events' changes of every node, for each node's live streams and notifier: each node puts the
 * changes it makes on the events topic (event id and kind) and relays the other nodes' to its
 * listeners, with the event as stored. Live, not durable: a node follows the topic from its end,
 * and a change lost with a node that died between its commit and its record is still in the store
 * and the outbox (a stream's client that reconnects reads the list again).
 */
public final class KafkaEventFeed implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KafkaEventFeed.class);

  private final KafkaSettings settings;
  private final EventService events;
  private final KafkaProducer<String, String> producer;
  private KafkaConsumer<String, String> consumer;
  private Thread reader;
  private Runnable unlisten;
  private volatile boolean stopped;

  public KafkaEventFeed(KafkaSettings settings, EventService events) {
    this.settings = settings;
    this.events = events;
    Map<String, Object> c = settings.common("events-out");
    c.put("acks", "1");
    c.put("linger.ms", "0");
    this.producer = new KafkaProducer<>(c, new StringSerializer(), new StringSerializer());
  }

  public synchronized void start() {
    if (reader != null) {
      return;
    }
    Map<String, Object> c = settings.common("events-in");
    c.put("enable.auto.commit", "false");
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> all = KafkaTopics.partitionsOf(consumer, settings.eventsTopic(), settings);
    consumer.assign(all);
    consumer.seekToEnd(all);
    all.forEach(consumer::position); // the end as of now, before any change of ours is sent
    reader = new Thread(this::follow, "event-changes-in");
    reader.setDaemon(true);
    reader.start();
    unlisten = events.listen(this::publish);
  }

  private void publish(EventChange change) {
    if (Thread.currentThread() == reader) {
      return; // relayed from another node
    }
    String text = settings.node() + "\n" + change.kind() + "\n" + change.event().id();
    producer.send(
        new ProducerRecord<>(settings.eventsTopic(), Long.toString(change.event().id()), text),
        (meta, e) -> {
          if (e != null) {
            LOG.debugf("an event's change did not reach the other nodes' streams: %s", e);
          }
        });
  }

  private void follow() {
    while (!stopped) {
      try {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          relay(r.value());
        }
      } catch (WakeupException e) {
        break;
      } catch (RuntimeException e) {
        LOG.warnf("cannot follow the other nodes' event changes, trying again: %s", e.getMessage());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException stop) {
          break;
        }
      }
    }
    consumer.close(Duration.ofSeconds(5));
  }

  private void relay(String text) {
    String[] f = text.split("\n", 3);
    if (f.length != 3 || f[0].equals(settings.node())) {
      return;
    }
    try {
      events.get(Long.parseLong(f[2])).ifPresent(e -> events.relay(new EventChange(f[1], e)));
    } catch (NumberFormatException e) {
      LOG.warnf("a record of %s names no event: skipped", settings.eventsTopic());
    } catch (DataAccessException e) {
      LOG.warnf("cannot read event %s another node changed: %s", f[2], e.getMessage());
    }
  }

  @Override
  public void close() {
    stopped = true;
    if (unlisten != null) {
      unlisten.run();
    }
    if (consumer != null) {
      consumer.wakeup();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
