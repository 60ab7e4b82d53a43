package org.citysense.agent.uplink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.citysense.agent.buffer.Item;
import org.citysense.agent.buffer.Outbox;
import org.citysense.agent.buffer.Pending;
import org.citysense.agent.driver.Backoff;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves items from the outbox to the cloud, one batch at a time, on its own daemon thread.
 *
 * <p>Each round takes up to {@code batchSize} items (priority first), sends them, and acknowledges
 * them only once the cloud has answered for the batch; rejected items are counted and, being
 * answered for, leave the outbox too. A failed send is repeated with the same items after an
 * exponential backoff with full jitter, never sooner than the cloud's Retry-After. A 413 halves the
 * batch size. With nothing to send it waits up to {@code linger}, or until {@link #nudge()}.
 *
 * <p><b>Quarantine.</b> A batch the cloud refuses as a whole (400, 422: an item it cannot read) is
 * narrowed down to the item, which alone refused goes to the {@link Quarantine} with the cloud's
 * reason, counted; the rest is sent at once, so an alarm never waits behind it ({@link
 * PoisonItems}). Should the cloud refuse {@link PoisonItems#MAX_SET_ASIDE_IN_A_ROW} items alone in
 * a row with nothing passing, the fault is taken to be the cloud's, not the items': nothing more is
 * set aside, and the batch is retried after a backoff as any failure, for people to look at.
 *
 * <p><b>Batch ids.</b> The cloud answers a batch id it knows with its earlier reply. So a batch id
 * names exactly its items: {@code <gatewayId>-<firstSeq>-<count>-<digest of all seqs>}. Resending
 * the same items after a failure or a crash gives the same id, and the cloud's earlier reply if the
 * first attempt did reach it; any other set of items (a new alarm ahead, a halved batch) gives
 * another id, so an earlier reply can never acknowledge items it did not cover.
 */
public final class Forwarder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

  /** The longest Retry-After honoured; a larger one is taken as this. */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  /** Waits between attempts; tests pass one that returns at once. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final String gatewayId;
  private final Outbox outbox;
  private final Uplink uplink;
  private final Supplier<GatewayClock> gatewayClock;
  private final Clock clock;
  private final AtomicLong faults = new AtomicLong();
  private final PoisonItems poisonItems;
  private final SendLog sendLog;
  private final Long seqStart;
  private final Duration linger;
  private final Duration closeBound;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Object monitor = new Object();
  private int batchSize;
  private volatile ForwarderStats stats;
  private volatile boolean closed;
  private boolean nudged; // guarded by monitor
  private Thread thread;

  /**
   * @param outbox where items wait: the durable buffer
   * @param uplink how batches travel; closed with the forwarder
   * @param gatewayClock what the gateway knows of its clock, for each batch
   * @param clock the gateway's clock: each batch's {@code sentAt}, and the stats' times
   * @param quarantine where items the cloud refuses go; null to keep retrying them instead
   * @param seqStart where the gateway's numbering started, told in every batch; null for unknown
   */
  public Forwarder(
      String gatewayId,
      Outbox outbox,
      Uplink uplink,
      UplinkSettings settings,
      Supplier<GatewayClock> gatewayClock,
      Clock clock,
      Quarantine quarantine,
      Long seqStart) {
    this(
        gatewayId,
        outbox,
        uplink,
        settings,
        gatewayClock,
        clock,
        quarantine,
        seqStart,
        Backoff.withFullJitter(settings.minBackoff(), settings.maxBackoff()),
        null);
  }

  /**
   * @param sleeper waits between attempts; null for a real wait that ends early on close
   */
  Forwarder(
      String gatewayId,
      Outbox outbox,
      Uplink uplink,
      UplinkSettings settings,
      Supplier<GatewayClock> gatewayClock,
      Clock clock,
      Quarantine quarantine,
      Long seqStart,
      Backoff backoff,
      Sleeper sleeper) {
    this.gatewayId = gatewayId;
    this.poisonItems = new PoisonItems(quarantine, outbox, clock);
    this.sendLog = new SendLog(uplink);
    this.seqStart = seqStart;
    this.outbox = outbox;
    this.uplink = uplink;
    this.gatewayClock = gatewayClock;
    this.clock = clock;
    this.linger = settings.linger();
    this.closeBound = settings.timeout().plusSeconds(1);
    this.backoff = backoff;
    this.sleeper = sleeper != null ? sleeper : this::pause;
    this.batchSize = settings.batchSize();
    this.stats = ForwarderStats.initial(batchSize);
  }

  /** Starts the forwarding thread. */
  public synchronized void start() {
    if (thread != null || closed) {
      throw new IllegalStateException("the forwarder was already started");
    }
    thread = new Thread(this::run, "uplink-forwarder " + gatewayId);
    thread.setDaemon(true);
    thread.start();
    LOG.info("forwarding to the cloud [uplink: {}, batch size: {}]", uplink.describe(), batchSize);
  }

  /** Sends now instead of lingering: the agent calls it after appending a priority item. */
  public void nudge() {
    synchronized (monitor) {
      nudged = true;
      monitor.notifyAll();
    }
  }

  public ForwarderStats stats() {
    return stats;
  }

  /**
   * Stops forwarding: lets a send in flight finish within the uplink's timeout (its items are
   * acknowledged only if the cloud answered), then abandons it and closes the uplink. Abandoned
   * items stay in the outbox and go with the next start.
   */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      running = thread;
    }
    synchronized (monitor) {
      monitor.notifyAll();
    }
    try {
      if (running != null && running != Thread.currentThread()) {
        running.join(closeBound.toMillis());
        if (running.isAlive()) {
          LOG.warn("abandoning the send in flight; its items stay in the buffer");
          uplink.close();
          running.interrupt();
          running.join(closeBound.toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      uplink.close();
    }
  }

  /**
   * Rounds until closed. A round that fails unexpectedly is counted and followed by a pause: the
   * forwarder is the only way readings leave the gateway, so nothing but close may end it.
   */
  private void run() {
    while (!closed) {
      try {
        round();
      } catch (InterruptedException e) {
        if (!closed) {
          LOG.warn("forwarder interrupted; it stops");
          Thread.currentThread().interrupt();
        }
        return;
      } catch (RuntimeException | Error e) {
        faults.incrementAndGet();
        LOG.error("forwarder round failed, going on [faults: {}]", faults.get(), e);
        try {
          sleeper.sleep(backoff.next());
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Rounds that failed unexpectedly and were survived. */
  public long faults() {
    return faults.get();
  }

  /** One round: take items, send, acknowledge or wait. Package-private for tests. */
  void round() throws InterruptedException {
    Pending pending;
    try {
      pending = outbox.next(batchSize);
    } catch (RuntimeException e) {
      LOG.error("cannot read the buffer; trying again", e);
      sleeper.sleep(backoff.next());
      return;
    }
    if (pending.isEmpty()) {
      awaitWork();
      return;
    }
    Batch batch = batchOf(pending);
    stats = stats.attempted(clock.instant());
    UplinkReply reply;
    try {
      reply = uplink.send(batch);
    } catch (BatchRefusedException e) {
      OptionalInt next = poisonItems.refused(batch, pending, e, batchSize);
      if (next.isPresent()) {
        batchSize = next.getAsInt();
      } else {
        failed(batch, e);
      }
      return;
    } catch (UplinkException e) {
      failed(batch, e);
      return;
    } catch (RuntimeException e) {
      LOG.error("the uplink failed unexpectedly [batch: {}]", batch.batchId(), e);
      failed(batch, new UplinkException("the uplink failed unexpectedly: " + e, null, true, e));
      return;
    }
    answered(batch, pending, reply);
  }

  private void answered(Batch batch, Pending pending, UplinkReply reply)
      throws InterruptedException {
    if (!reply.rejected().isEmpty()) {
      SendLog.rejected(batch, pending.items().size(), reply.rejected());
    }
    try {
      if (!reply.rejected().isEmpty()) {
        outbox.countRejected(reply.rejected().size());
      }
      outbox.acknowledge(pending);
    } catch (RuntimeException e) {
      // the items stay; the resend gets the cloud's earlier reply for the same batch id
      LOG.error("cannot acknowledge batch {} in the buffer; it is sent again", batch.batchId(), e);
      sleeper.sleep(backoff.next());
      return;
    }
    sendLog.answered(stats.consecutiveFailures());
    backoff.reset();
    batchSize = poisonItems.passed(pending.items().size(), batchSize);
    stats = stats.succeeded(clock.instant(), batch.readings().size(), reply);
    if (reply.clockFlagged()) {
      LOG.warn(
          "the cloud finds the gateway's clock off by {} ms [batch: {}]",
          reply.clockOffsetMs(),
          batch.batchId());
    }
  }

  /** Items set aside in quarantine since start. */
  public long quarantined() {
    return poisonItems.quarantined();
  }

  private void failed(Batch batch, UplinkException e) throws InterruptedException {
    int before = batchSize;
    if (e instanceof BatchTooLargeException) {
      batchSize = Math.max(1, batchSize / 2);
    }
    stats = stats.failed(e, batchSize);
    if (closed) {
      LOG.info(
          "send abandoned on close; its items stay in the buffer [batch: {}]", batch.batchId());
      return;
    }
    sendLog.failed(batch, e);
    if (batchSize < before) {
      LOG.warn(
          "sending smaller batches [batch size: {} instead of {}, batch: {}]",
          batchSize,
          before,
          batch.batchId());
      return; // smaller items at once: the cloud is not overloaded, the batch was too big
    }
    Duration wait = backoff.next();
    Duration asked = e.retryAfter();
    if (asked != null) {
      asked = asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
      wait = asked.compareTo(wait) > 0 ? asked : wait;
    }
    LOG.debug("next send in {} ms [batch: {}]", wait.toMillis(), batch.batchId());
    sleeper.sleep(wait);
  }

  private Batch batchOf(Pending pending) {
    List<WireReading> readings = new ArrayList<>();
    List<StatusChange> statusChanges = new ArrayList<>();
    List<EdgeEvent> edgeEvents = new ArrayList<>();
    for (Item item : pending.items()) {
      if (item instanceof Item.Reading r) {
        readings.add(r.reading());
      } else if (item instanceof Item.Status s) {
        statusChanges.add(s.change());
      } else if (item instanceof Item.Edge e) {
        edgeEvents.add(e.event());
      }
    }
    return new Batch(
        Batch.VERSION,
        gatewayId,
        batchId(gatewayId, pending.items()),
        clock.millis(),
        gatewayClock.get(),
        readings,
        statusChanges,
        edgeEvents,
        outbox.counters(),
        seqStart);
  }

  /**
   * The id of a batch of exactly these items: {@code <gatewayId>-<firstSeq>-<count>-<digest>}, the
   * digest being the first 8 bytes of SHA-256 over every seq in order, as decimal text with a comma
   * after each.
   */
  static String batchId(String gatewayId, List<Item> items) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    for (Item item : items) {
      sha.update((item.seq() + ",").getBytes(StandardCharsets.US_ASCII));
    }
    String digest = HexFormat.of().formatHex(sha.digest(), 0, 8);
    return gatewayId + "-" + items.get(0).seq() + "-" + items.size() + "-" + digest;
  }

  /** Waits up to {@code linger} for a nudge, or until closed. */
  private void awaitWork() throws InterruptedException {
    synchronized (monitor) {
      long deadline = System.nanoTime() + linger.toNanos();
      while (!nudged && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
      nudged = false;
    }
  }

  /** The real wait between attempts: the whole duration, nudges or not, unless closed. */
  private void pause(Duration duration) throws InterruptedException {
    synchronized (monitor) {
      long deadline = System.nanoTime() + duration.toNanos();
      while (!closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
    }
  }
}
