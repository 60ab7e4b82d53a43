package org.citysense.cloud.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.evaluate.Evaluation;
import org.citysense.cloud.evaluate.RuleEngine;
import org.citysense.cloud.evaluate.Seed;
import org.jboss.logging.Logger;

/**
 * The rules over one partition of the hand-off log: its {@link RuleEngine} (every rule's state for
 * the partition's gateways), what it has judged, and its checkpoint, under a consumer name of its
 * own. A loop (the embedded {@link RuleRuntime}, or the Kafka consumer's) hands it the partition's
 * entries in order and has it check for silence and save its state. Not thread-safe: one loop
 * drives it.
 */
public final class Judge {
  private static final Logger LOG = Logger.getLogger(Judge.class);

  private final String consumer;
  private final RuleEngine engine;
  private final SignalWriter writer;
  private final RuleCheckpoints checkpoints;
  private final Seed seed;
  private final Clock clock;
  private final LongConsumer saved;
  private final boolean claims;
  private final CheckpointCodec codec = new CheckpointCodec();

  private long processed;
  private Instant lastAcceptedAt;
  private boolean inStep = true;
  private Checkpoint last;
  private long judged;
  private long epoch = -1;

  /**
   * @param consumer the checkpoint's name, e.g. {@code rules} or {@code rules-p3}
   * @param saved told the position of each checkpoint saved: the log before it may go
   * @param claims whether other nodes may judge the same partition in turn: then {@link #restore}
   *     takes it over ({@link RuleCheckpoints#claim}) and a checkpoint is saved only while no other
   *     node has taken it over since
   */
  Judge(
      String consumer,
      RuleEngine engine,
      SignalWriter writer,
      RuleCheckpoints checkpoints,
      Seed seed,
      Clock clock,
      LongConsumer saved,
      boolean claims) {
    this.consumer = consumer;
    this.engine = engine;
    this.writer = writer;
    this.checkpoints = checkpoints;
    this.seed = seed;
    this.clock = clock;
    this.saved = saved;
    this.claims = claims;
  }

  /**
   * Puts the rules back where the last checkpoint left them (the time since it was taken is the
   * cloud's pause, which no silence rule counts), a rule without a saved state where the {@link
   * Seed} puts it, and saves a checkpoint that includes the pause.
   *
   * @param lag how far behind the log the restored position is, for the line it logs
   * @return the line it logs: what it restored, and how long it took
   */
  public String restore(java.util.function.LongFunction<Lag> lag) {
    long t0 = System.nanoTime();
    Instant now = clock.instant();
    if (claims) {
      epoch = checkpoints.claim(consumer, now);
    }
    Optional<Checkpoint> found = checkpoints.load(consumer);
    List<String> restored;
    String since;
    if (found.isPresent()) {
      restored = engine.restore(codec.decode(found.get().state()), seed);
      processed = found.get().position();
      engine.resumed(found.get().takenAt(), now);
      since = "checkpoint of " + found.get().takenAt();
    } else {
      restored = engine.restore(RuleEngine.StateSource.NONE, seed);
      processed = -1;
      since = "no checkpoint, a first start";
    }
    lastAcceptedAt = null;
    inStep = true;
    checkpoint(now);
    Lag behind = lag.apply(processed);
    int rules = engine.rules().rules().size();
    String line =
        String.format(
            "%s restored in %d ms: the state of %d of %d rules (%d KiB) at log position %d"
                + " (%s)%s; %d entries with %d items to judge",
            consumer,
            (System.nanoTime() - t0) / 1_000_000,
            restored.size(),
            rules,
            found.map(c -> c.state().length / 1024).orElse(0),
            processed,
            since,
            restored.size() < rules ? ", the others from the registry and stores" : "",
            behind.entries(),
            behind.items());
    LOG.info(line);
    return line;
  }

  /** Judges one entry: the next of the partition. */
  public void judge(LogEntry entry) {
    inStep = false;
    Evaluation found = engine.evaluate(entry.position(), entry.accepted());
    found.failures().forEach(writer::setAside);
    writer.store(found.signals(), entry.accepted().gatewayId());
    processed = entry.position();
    lastAcceptedAt = entry.accepted().acceptedAt();
    inStep = true;
    judged += entry.accepted().items();
  }

  /**
   * Lets the rules notice silence: as of the cloud's clock when the partition is read to its end,
   * else as of the newest entry judged (a backlog is no silence).
   */
  public void tick(boolean caughtUp) {
    Instant now = caughtUp || lastAcceptedAt == null ? clock.instant() : lastAcceptedAt;
    inStep = false;
    writer.store(engine.tick(Math.max(processed, 0), now).signals(), null);
    inStep = true;
  }

  /**
   * Saves every rule's state with the position it belongs to, unless a step is half done.
   *
   * @throws RuleCheckpoints.Fenced when another node has taken the partition over
   */
  public void checkpoint(Instant now) {
    if (!inStep) {
      return;
    }
    Checkpoint cp = new Checkpoint(processed, now, codec.encode(engine.states()));
    last = cp;
    try {
      if (claims) {
        checkpoints.save(consumer, cp, epoch);
      } else {
        checkpoints.save(consumer, cp);
      }
      saved.accept(cp.position());
    } catch (DataAccessException e) {
      LOG.warnf(
          "cannot save the checkpoint of %s at %d, will try again: %s", consumer, processed, e);
    }
  }

  /** Back to the last checkpoint: every rule's state, and the position after which to read. */
  public void rewind() {
    engine.restore(codec.decode(last.state()), Seed.NONE);
    processed = last.position();
    lastAcceptedAt = null;
    inStep = true;
  }

  /** The last position judged; -1 before the first. */
  public long processed() {
    return processed;
  }

  /** Whether its state is that of {@link #processed()} (no step half done). */
  public boolean inStep() {
    return inStep;
  }

  /** The position of the last checkpoint taken. */
  public long checkpointed() {
    return last.position();
  }

  /** When the newest entry judged was accepted; null before the first since a restore. */
  public Instant lastAcceptedAt() {
    return lastAcceptedAt;
  }

  /** Items judged since it was made. */
  public long judged() {
    return judged;
  }

  public String consumer() {
    return consumer;
  }
}
