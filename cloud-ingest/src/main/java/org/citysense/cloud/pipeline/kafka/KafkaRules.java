package org.citysense.cloud.pipeline.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.evaluate.RuleEngine;
import org.citysense.cloud.evaluate.Seed;
import org.citysense.cloud.pipeline.Judge;
import org.citysense.cloud.pipeline.Lag;
import org.citysense.cloud.pipeline.LogEntry;
import org.citysense.cloud.pipeline.LogEntryCodec;
import org.citysense.cloud.pipeline.Pacer;
import org.citysense.cloud.pipeline.RuleCheckpoints;
import org.citysense.cloud.pipeline.RuleRuntime;
import org.citysense.cloud.pipeline.RuleWorker;
import org.citysense.cloud.pipeline.SetAside;
import org.citysense.cloud.pipeline.SetAsideLog;
import org.citysense.cloud.pipeline.Stage;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.cloud.rules.StationStatus;
import org.jboss.logging.Logger;

/**
 * The rules of one node on the hand-off topic: a member of the consumer group that shares the
 * topic's partitions among the nodes. Each partition it is given has its own {@link Judge}: the
 * rule engine of that partition's gateways, restored from the partition's checkpoint in the
 * database (consumer {@code rules-p<N>}, with the offset it belongs to), from which the partition
 * is read. When the partition moves to another node (this one stops, or dies and the group
 * notices), its state moves with it: the new owner restores the same checkpoint and judges the
 * offsets after it again; the event service knows the signals it stored already by their positions,
 * which carry the partition. The time between the last checkpoint and the takeover counts as the
 * cloud's pause, so a takeover raises no offline event for devices that kept reporting.
 *
 * <p>Rebalances are cooperative (a partition that stays keeps being judged) and a dead member is
 * noticed after {@code session.timeout.ms} (6 s). Offsets are not committed to Kafka: the
 * checkpoint is the one truth of where a partition stands.
 */
public final class KafkaRules implements RuleWorker, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KafkaRules.class);
  private static final Duration IDLE = Duration.ofMillis(250);

  /** A partition's engine, and how to let it go. */
  public record PartitionEngine(RuleEngine engine, Runnable release) {}

  private final KafkaSettings settings;
  private final IntFunction<PartitionEngine> engines;
  private final IntFunction<Seed> seeds;
  private final SetAsideLog setAside;
  private final Clock clock;
  private final RuleRuntime.Config config;
  private final Runnable beforeJoining;
  private final IntConsumer takingOver;
  private final Stage stage;
  private final LogEntryCodec codec = new LogEntryCodec();

  /** The partitions this node judges now; the consumer's thread only. */
  private final Map<Integer, Owned> owned = new HashMap<>();

  private record Owned(Judge judge, Runnable release) {}

  private KafkaConsumer<String, byte[]> consumer;
  private Thread worker;
  private Instant nextTick;
  private Instant nextCheckpoint;
  private volatile Lag lag = Lag.NONE;
  private volatile long position = -1;
  private volatile Instant lastSaved;
  private volatile long judged;
  private volatile Set<Integer> partitions = Set.of();

  /**
   * @param engines a fresh engine for a partition, and its release when the partition goes
   * @param seeds what the registry and stores know of a partition's gateways
   * @param beforeJoining run before it joins the group (the stations' board reads back)
   * @param takingOver told of a partition before it is restored (the event service reads back what
   *     the node before stored from it)
   */
  public KafkaRules(
      KafkaSettings settings,
      IntFunction<PartitionEngine> engines,
      IntFunction<Seed> seeds,
      RuleRuntime.SignalStore store,
      RuleCheckpoints checkpoints,
      SetAsideLog setAside,
      Clock clock,
      RuleRuntime.Config config,
      Runnable beforeJoining,
      IntConsumer takingOver) {
    this.settings = settings;
    this.engines = engines;
    this.seeds = seeds;
    this.setAside = setAside;
    this.clock = clock;
    this.config = config;
    this.beforeJoining = beforeJoining;
    this.takingOver = takingOver;
    this.stage = new Stage(store, setAside, checkpoints, clock, config);
  }

  /** The checkpoint's consumer name of a partition. */
  public static String consumerOf(int partition) {
    return RuleRuntime.CONSUMER + "-p" + partition;
  }

  /** Joins the group and judges on a thread of its own until {@link #close}. */
  public synchronized void start() {
    if (worker != null) {
      return;
    }
    stage.countSetAside();
    beforeJoining.run();
    Map<String, Object> c = settings.common("rules");
    c.put("group.id", settings.group());
    c.put("enable.auto.commit", "false");
    c.put("auto.offset.reset", "earliest");
    c.put("max.poll.records", Integer.toString(config.batch()));
    c.put("session.timeout.ms", "6000");
    c.put("heartbeat.interval.ms", "1500");
    c.put("partition.assignment.strategy", CooperativeStickyAssignor.class.getName());
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    Instant now = clock.instant();
    nextTick = now.plus(config.tickEvery());
    nextCheckpoint = now.plus(config.checkpointEvery());
    worker = new Thread(this::run, "rules-kafka");
    worker.setDaemon(true);
    worker.start();
  }

  private void run() {
    consumer.subscribe(List.of(settings.topic()), new Rebalance());
    int failures = 0;
    while (!stage.pacer().stopped()) {
      stage.pacer().beat();
      try {
        step();
        failures = 0;
      } catch (Pacer.Stopping stop) {
        break;
      } catch (org.apache.kafka.common.errors.WakeupException stop) {
        break;
      } catch (Throwable t) {
        failures++;
        if (Pacer.worthSaying(failures)) {
          LOG.errorf(
              t instanceof DataAccessException ? null : t,
              "the rules failed (%d times in a row); their partitions go on from their"
                  + " checkpoints: %s",
              failures,
              t.getMessage());
        }
        try {
          stage.pacer().pause(failures);
        } catch (Pacer.Stopping stop) {
          break;
        }
        owned.forEach(
            (p, o) -> {
              o.judge().rewind();
              consumer.seek(new TopicPartition(settings.topic(), p), o.judge().processed() + 1);
            });
      }
    }
    checkpointAll(clock.instant());
    try {
      consumer.close(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      LOG.warnf("the rules' Kafka consumer did not close cleanly: %s", e.getMessage());
    }
    owned.values().forEach(o -> o.release().run());
    owned.clear();
    engineOf.clear();
    partitions = Set.of();
    LOG.infof("rules stopped [node: %s]", settings.node());
  }

  private void step() {
    ConsumerRecords<String, byte[]> records = consumer.poll(IDLE);
    Set<Integer> taken = takeWhatIsOurs();
    for (TopicPartition tp : records.partitions()) {
      Owned o = owned.get(tp.partition());
      if (o == null || taken.contains(tp.partition())) {
        continue; // revoked during this poll, or just taken: read again from its checkpoint
      }
      for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
        if (stage.pacer().stopped()) {
          return;
        }
        if (r.offset() <= o.judge().processed()) {
          continue; // judged before a rewind's seek took effect
        }
        LogEntry entry = entry(r);
        o.judge().judge(entry);
        judged += entry.accepted().items();
      }
    }
    Instant now = clock.instant();
    if (!now.isBefore(nextTick)) {
      Set<Integer> readToTheEnd = readToTheEnd();
      owned.forEach((p, o) -> o.judge().tick(readToTheEnd.contains(p)));
      nextTick = now.plus(config.tickEvery());
    }
    if (!now.isBefore(nextCheckpoint)) {
      checkpointAll(now);
      lastSaved = now;
      nextCheckpoint = now.plus(config.checkpointEvery());
    }
    measure();
  }

  /**
   * Takes a partition over: claims it (so a node that had it can no longer save its checkpoint),
   * restores its rules from the checkpoint and reads on after it.
   */
  private void take(TopicPartition tp) {
    int p = tp.partition();
    PartitionEngine engine = engines.apply(p);
    Judge judge;
    try {
      takingOver.accept(p);
      judge = stage.judge(consumerOf(p), engine.engine(), seeds.apply(p), upTo -> {}, true);
      judge.restore(
          from -> {
            long end = consumer.endOffsets(List.of(tp)).getOrDefault(tp, 0L);
            long behind = Math.max(0, end - (from + 1));
            return new Lag(behind, behind, null);
          });
    } catch (RuntimeException e) {
      engine.release().run();
      throw e;
    }
    owned.put(p, new Owned(judge, engine.release()));
    engineOf.put(p, engine.engine());
    consumer.seek(tp, judge.processed() + 1);
    partitions = Set.copyOf(owned.keySet());
  }

  private Owned forget(int partition) {
    Owned o = owned.remove(partition);
    engineOf.remove(partition);
    partitions = Set.copyOf(owned.keySet());
    return o;
  }

  /** The rules' engines of the partitions judged now, for their status from other threads. */
  private final Map<Integer, RuleEngine> engineOf = new java.util.concurrent.ConcurrentHashMap<>();

  /** The partitions this node judges now. */
  @Override
  public Set<Integer> partitions() {
    return partitions;
  }

  /**
   * Takes the partitions Kafka gives this node that it does not judge: one whose takeover failed
   * (the database away), or one it let go when another node had claimed it while Kafka still
   * counted it as this node's.
   */
  private Set<Integer> takeWhatIsOurs() {
    Set<Integer> taken = new HashSet<>();
    for (TopicPartition tp : consumer.assignment()) {
      if (!owned.containsKey(tp.partition())) {
        take(tp);
        taken.add(tp.partition());
      }
    }
    return taken;
  }

  /** Saves each partition's checkpoint; lets go of one another node has taken over. */
  private void checkpointAll(Instant now) {
    for (var it = owned.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Integer, Owned> e = it.next();
      try {
        e.getValue().judge().checkpoint(now);
      } catch (RuleCheckpoints.Fenced fenced) {
        it.remove();
        engineOf.remove(e.getKey());
        partitions = Set.copyOf(owned.keySet());
        e.getValue().release().run();
        LOG.warnf("partition %d: %s; it is let go", e.getKey(), fenced.getMessage());
      }
    }
  }

  private LogEntry entry(ConsumerRecord<String, byte[]> r) {
    return new LogEntry(r.offset(), codec.decode(r.key(), KafkaHandOff.acceptedAt(r), r.value()));
  }

  /**
   * The partitions judged to their end, where a quiet gateway's silence is real. Asked of the
   * broker: the consumer's own lag stays unknown for a partition it has fetched nothing from since
   * it took it, and that is exactly the partition of a gateway gone silent.
   */
  private Set<Integer> readToTheEnd() {
    if (owned.isEmpty()) {
      return Set.of();
    }
    Map<TopicPartition, Long> ends;
    try {
      ends =
          consumer.endOffsets(
              owned.keySet().stream().map(p -> new TopicPartition(settings.topic(), p)).toList(),
              Duration.ofSeconds(5));
    } catch (org.apache.kafka.common.errors.WakeupException stop) {
      throw stop;
    } catch (KafkaException e) {
      return Set.of(); // not known now: silence waits for the next tick
    }
    Set<Integer> done = new HashSet<>();
    ends.forEach(
        (tp, end) -> {
          Owned o = owned.get(tp.partition());
          if (o != null && o.judge().processed() + 1 >= end) {
            done.add(tp.partition());
          }
        });
    return done;
  }

  /** The lag of the partitions this node judges: records behind, and the oldest one's age. */
  private void measure() {
    long entries = 0;
    Instant oldest = null;
    long newest = -1;
    for (Map.Entry<Integer, Owned> e : owned.entrySet()) {
      OptionalLong behind = consumer.currentLag(new TopicPartition(settings.topic(), e.getKey()));
      if (behind.isPresent() && behind.getAsLong() > 0) {
        entries += behind.getAsLong();
        Instant at = e.getValue().judge().lastAcceptedAt();
        if (at != null && (oldest == null || at.isBefore(oldest))) {
          oldest = at;
        }
      }
      newest = Math.max(newest, e.getValue().judge().processed());
    }
    lag = entries == 0 ? Lag.NONE : new Lag(entries, entries, oldest);
    position = newest;
  }

  /** Takes over the partitions given, lets go of those taken away. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      partitions.forEach(KafkaRules.this::take);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      Instant now = clock.instant();
      for (TopicPartition tp : partitions) {
        Owned o = forget(tp.partition());
        if (o != null) {
          try {
            o.judge().checkpoint(now);
          } catch (RuleCheckpoints.Fenced fenced) {
            LOG.warnf("partition %d: %s", tp.partition(), fenced.getMessage());
          }
          o.release().run();
          LOG.infof("partition %d handed over at offset %d", tp.partition(), o.judge().processed());
        }
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // another node has them already: its checkpoint is the truth, ours would be stale
      for (TopicPartition tp : partitions) {
        Owned o = forget(tp.partition());
        if (o != null) {
          o.release().run();
          LOG.warnf("partition %d lost to another node", tp.partition());
        }
      }
    }
  }

  @Override
  public RuleRuntime.Status status() {
    Thread t = worker;
    boolean alive =
        t != null
            && t.isAlive()
            && stage.pacer().sinceBeat()
                < Math.max(60_000_000_000L, config.tickEvery().toNanos() * 4);
    return new RuleRuntime.Status(alive, position, lag, stage.setAsideCount(), judged, lastSaved);
  }

  /** Each rule's status summed over the partitions judged now. */
  @Override
  public List<RuleStatus> rules() {
    Map<String, RuleStatus> byRule = new java.util.LinkedHashMap<>();
    for (RuleEngine e : engineOf.values()) {
      for (RuleStatus s : e.status()) {
        byRule.merge(s.ruleId(), s, RuleStatus::plus);
      }
    }
    return List.copyOf(byRule.values());
  }

  /** A station is judged on the partition its readings land on; the newest judgement wins. */
  @Override
  public List<StationStatus> stations() {
    Map<String, StationStatus> newest = new java.util.LinkedHashMap<>();
    for (RuleEngine e : engineOf.values()) {
      for (StationStatus s : e.stations()) {
        newest.merge(s.ruleId() + "|" + s.stationId(), s, (a, b) -> b.at().isAfter(a.at()) ? b : a);
      }
    }
    return List.copyOf(newest.values());
  }

  @Override
  public List<SetAside> setAside(int limit) {
    return setAside.newest(limit);
  }

  /**
   * Stops after the record being judged, saves every partition's checkpoint and leaves the group,
   * so that another node takes its partitions at once.
   */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      stage.pacer().stop();
      t = worker;
    }
    if (t != null) {
      consumer.wakeup();
      try {
        t.join(Duration.ofSeconds(60).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
