package org.citysense.cloud.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.evaluate.RuleEngine;
import org.citysense.cloud.evaluate.Seed;
import org.citysense.cloud.evaluate.Signal;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.cloud.rules.StationStatus;
import org.jboss.logging.Logger;

/**
 * The rules at work on the hand-off log: reads the accepted items in order, has the {@link
 * RuleEngine} judge them, stores what it found through the {@link SignalStore} (the event service),
 * checks for silence, and every {@code checkpointEvery} saves every rule's state with the log
 * position it belongs to, after which the log up to there may go.
 *
 * <ul>
 *   <li><b>At least once in, exactly once out.</b> After a crash it restores the checkpoint and
 *       judges the entries after it again; the event service knows the signals it stored already by
 *       their positions, so nothing is raised or counted twice.
 *   <li><b>Retried, never dropped.</b> A signal the store refuses is tried again with backoff for
 *       as long as the database refuses writes. One that still fails while the database takes the
 *       set-aside row instead is set aside with its reason, as is an item a rule throws on; the
 *       rest goes on. Anything else that goes wrong (the registry out of reach, an {@link Error})
 *       puts the rules back to their last checkpoint, from which they go on after a pause: the
 *       thread never ends but on {@link #close}.
 *   <li><b>Silence is judged as of the log.</b> While it catches up on a backlog, "now" for the
 *       silence checks is the time the newest entry judged was accepted, so a backlog does not look
 *       like silence.
 * </ul>
 *
 * <p>{@link #restore}, {@link #judgeAvailable}, {@link #tick} and {@link #checkpoint} can be driven
 * by a test on a clock of its own; {@link #start} runs them on a thread.
 */
public final class RuleRuntime implements RuleWorker, AutoCloseable {
  /** The consumer name of the checkpoint. */
  public static final String CONSUMER = "rules";

  private static final Logger LOG = Logger.getLogger(RuleRuntime.class);

  /** The longest idle wait, so that a stop is seen quickly. */
  private static final Duration IDLE = Duration.ofMillis(250);

  /**
   * @param tickEvery how often silence is checked
   * @param checkpointEvery how often the rules' state is saved (and so how much a crash replays)
   * @param batch how many log entries one read takes
   * @param retryBase the first pause after a failure; doubled after each next one
   * @param retryMax the longest pause
   * @param attemptsBeforeSetAside how often a signal is tried before it may be set aside
   */
  public record Config(
      Duration tickEvery,
      Duration checkpointEvery,
      int batch,
      Duration retryBase,
      Duration retryMax,
      int attemptsBeforeSetAside) {
    public static Config defaults() {
      return new Config(
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          100,
          Duration.ofMillis(100),
          Duration.ofSeconds(30),
          8);
    }

    public Config withTickEvery(Duration d) {
      return new Config(d, checkpointEvery, batch, retryBase, retryMax, attemptsBeforeSetAside);
    }

    public Config withCheckpointEvery(Duration d) {
      return new Config(tickEvery, d, batch, retryBase, retryMax, attemptsBeforeSetAside);
    }

    public Config withRetry(Duration base, Duration max, int attempts) {
      return new Config(tickEvery, checkpointEvery, batch, base, max, attempts);
    }
  }

  /** Where what the rules found is stored: the event service. */
  @FunctionalInterface
  public interface SignalStore {
    /**
     * Stores the signal found at {@code position}.
     *
     * @throws DataAccessException when the database refuses it
     */
    void apply(Signal signal, long position);
  }

  /**
   * How the rules are doing, for health and metrics.
   *
   * @param alive the thread runs and has looked up recently
   * @param position the last log entry judged
   * @param setAside items set aside so far (stored)
   * @param judged items judged since start
   */
  public record Status(
      boolean alive, long position, Lag lag, long setAside, long judged, Instant lastCheckpoint) {
    /** Whether the rules are more than {@code maxLag} behind the ingest at {@code now}. */
    public boolean degraded(Instant now, Duration maxLag) {
      return lag.seconds(now) > maxLag.toMillis() / 1000.0;
    }
  }

  private final HandOffLog log;
  private final Clock clock;
  private final Config config;
  private final Stage stage;
  private final Pacer pacer;
  private final SetAsideLog setAside;
  private final Judge judge;
  private final RuleEngine engine;

  // the rules' thread's own; read by others only through the volatile fields below
  private boolean caughtUp = true;
  private Instant nextTick;
  private Instant nextCheckpoint;

  private volatile long position;
  private volatile Instant lastSaved;
  private volatile long judged;
  private Thread worker;
  private volatile Lag cachedLag = Lag.NONE;
  private volatile long lagMeasuredAt;

  public RuleRuntime(
      HandOffLog log,
      RuleEngine engine,
      SignalStore store,
      RuleCheckpoints checkpoints,
      SetAsideLog setAside,
      Seed seed,
      Clock clock,
      Config config) {
    this.log = log;
    this.setAside = setAside;
    this.clock = clock;
    this.config = config;
    this.engine = engine;
    this.stage = new Stage(store, setAside, checkpoints, clock, config);
    this.pacer = stage.pacer();
    this.judge =
        stage.judge(
            CONSUMER,
            engine,
            seed,
            upTo -> {
              lastSaved = clock.instant();
              log.discardUpTo(upTo);
            },
            false);
  }

  /**
   * Puts the rules back where the last checkpoint left them, a rule without a saved state where the
   * registry and stores put it ({@link Judge#restore}), and says in one log line what it restored
   * and how long it took. Call before serving the ingest.
   *
   * @return that line
   */
  public String restore() {
    String line = judge.restore(log::lag);
    Instant now = clock.instant();
    position = judge.processed();
    nextTick = now.plus(config.tickEvery());
    nextCheckpoint = now.plus(config.checkpointEvery());
    stage.countSetAside();
    return line;
  }

  /** Restores, then judges on a thread of its own until {@link #close}. */
  public synchronized void start() {
    if (worker != null) {
      return;
    }
    restore();
    worker = new Thread(this::run, "rules");
    worker.setDaemon(true);
    worker.start();
  }

  private void run() {
    int failures = 0;
    while (!pacer.stopped()) {
      pacer.beat();
      try {
        step();
        failures = 0;
      } catch (Pacer.Stopping stop) {
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Throwable t) {
        failures++;
        if (Pacer.worthSaying(failures)) {
          // the database away says so in one line; anything else with its stack trace
          LOG.errorf(
              t instanceof DataAccessException ? null : t,
              "the rules failed after log position %d (%d times in a row); they go on from their"
                  + " checkpoint at %d: %s",
              judge.processed(),
              failures,
              judge.checkpointed(),
              t.getMessage());
        }
        try {
          pacer.pause(failures);
        } catch (Pacer.Stopping stop) {
          break;
        }
        judge.rewind();
        position = judge.processed();
      }
    }
    judge.checkpoint(clock.instant());
    LOG.infof("rules stopped at log position %d", judge.processed());
  }

  private void step() throws InterruptedException {
    Instant now = clock.instant();
    Duration untilTick = Duration.between(now, nextTick);
    Duration wait =
        untilTick.isNegative() ? Duration.ZERO : untilTick.compareTo(IDLE) < 0 ? untilTick : IDLE;
    List<LogEntry> entries = log.read(judge.processed(), config.batch(), wait);
    caughtUp = entries.size() < config.batch();
    for (LogEntry e : entries) {
      if (pacer.stopped()) {
        return;
      }
      judge(e);
    }
    now = clock.instant();
    if (!now.isBefore(nextTick)) {
      tick();
      nextTick = now.plus(config.tickEvery());
    }
    if (!now.isBefore(nextCheckpoint)) {
      judge.checkpoint(now);
      nextCheckpoint = now.plus(config.checkpointEvery());
    }
  }

  /** Judges every entry after the last one judged; returns how many. For tests and the thread. */
  public int judgeAvailable() throws InterruptedException {
    int n = 0;
    List<LogEntry> entries;
    do {
      entries = log.read(judge.processed(), config.batch(), Duration.ZERO);
      for (LogEntry e : entries) {
        judge(e);
        n++;
      }
    } while (entries.size() == config.batch());
    caughtUp = true;
    return n;
  }

  private void judge(LogEntry entry) {
    judge.judge(entry);
    position = judge.processed();
    judged = judge.judged();
  }

  /**
   * Lets the rules notice silence: as of the cloud's clock when the log is read to its end, else as
   * of the newest entry judged.
   */
  public void tick() {
    judge.tick(caughtUp);
  }

  /** Saves every rule's state with the position it belongs to, then lets the log go up to it. */
  public void checkpoint() {
    judge.checkpoint(clock.instant());
  }

  /** How the rules are doing; the lag is measured at most once a second. */
  @Override
  public Status status() {
    long now = System.nanoTime();
    if (now - lagMeasuredAt > 1_000_000_000L) {
      try {
        cachedLag = log.lag(position);
      } catch (DataAccessException e) {
        // keep the last measure: the database is away, which the ingest reports itself
      }
      lagMeasuredAt = now;
    }
    Thread t = worker;
    boolean alive =
        t != null
            && t.isAlive()
            && pacer.sinceBeat() < Math.max(60_000_000_000L, config.tickEvery().toNanos() * 4);
    return new Status(alive, position, cachedLag, stage.setAsideCount(), judged, lastSaved);
  }

  @Override
  public Set<Integer> partitions() {
    return Set.of(0);
  }

  @Override
  public List<RuleStatus> rules() {
    return engine.status();
  }

  @Override
  public List<StationStatus> stations() {
    return engine.stations();
  }

  /** Items set aside so far, newest first. */
  @Override
  public List<SetAside> setAside(int limit) {
    return setAside.newest(limit);
  }

  /**
   * Stops after the entry being judged (or leaves it in the log, when the database refuses it),
   * then saves a checkpoint. Nothing in flight is lost: what was not judged is judged after the
   * next start.
   */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      pacer.stop();
      t = worker;
    }
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(60).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        LOG.warn("the rules' thread did not stop within 60 s");
      }
    }
  }
}
