package org.citysense.agent.sink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.citysense.agent.buffer.BufferSettings;
import org.citysense.agent.buffer.BufferStats;
import org.citysense.agent.buffer.DurableBuffer;
import org.citysense.agent.buffer.Item;
import org.citysense.agent.buffer.Lane;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.uplink.CleartextWarning;
import org.citysense.agent.uplink.Forwarder;
import org.citysense.agent.uplink.ForwarderStats;
import org.citysense.agent.uplink.Quarantine;
import org.citysense.agent.uplink.UplinkSettings;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/**
 * The way to the cloud: everything goes into the durable buffer first, and the forwarder sends it
 * on; an alarm, a status change or an edge event wakes the forwarder as soon as it is on disk (the
 * forwarder only sends synced items, so waking it at the append would find nothing and leave the
 * alarm to wait out the linger).
 */
public final class BufferSink implements ReadingSink {
  private final DurableBuffer buffer;
  private final Forwarder forwarder;
  private final String cloud;
  private final BufferedWriter audit;
  private final Taken taken;

  private BufferSink(
      DurableBuffer buffer, Forwarder forwarder, String cloud, BufferedWriter audit, Taken taken) {
    this.buffer = buffer;
    this.forwarder = forwarder;
    this.cloud = cloud;
    this.audit = audit;
    this.taken = taken;
  }

  /**
   * Opens the buffer in {@code dataDir/buffer} and starts forwarding to the config's cloud.
   *
   * @param token the gateway's bearer token
   * @param gatewayClock what the gateway knows of its clock, sent with each batch
   * @param seqStart where the gateway's numbering started, sent with each batch
   */
  public static BufferSink open(
      AgentConfig config, String token, GatewayClock gatewayClock, Clock clock, long seqStart) {
    AgentConfig.Cloud c = config.cloud();
    AgentConfig.Buffer b = config.buffer();
    BufferedWriter audit = b.auditFile() == null ? null : auditWriter(b.auditFile());
    Taken taken = new Taken(audit);
    DurableBuffer buffer =
        new DurableBuffer(
            config.dataDir().resolve("buffer"),
            new BufferSettings(b.maxBytes(), b.segmentBytes(), b.syncEvery()),
            taken);
    UplinkSettings settings = settings(config.gatewayId(), c, token);
    CleartextWarning.log(settings);
    Forwarder forwarder =
        new Forwarder(
            config.gatewayId(),
            buffer,
            settings.open(config.gatewayId()),
            settings,
            () -> gatewayClock,
            clock,
            new Quarantine(config.dataDir()),
            seqStart);
    taken.forwarder = forwarder;
    forwarder.start();
    return new BufferSink(
        buffer, forwarder, c.transport().equals("mqtt") ? c.mqttBroker() : c.url(), audit, taken);
  }

  /** Over MQTT the broker account is the gateway's identity: its id and its token. */
  private static UplinkSettings settings(String gatewayId, AgentConfig.Cloud c, String token) {
    UplinkSettings base =
        c.transport().equals("mqtt")
            ? UplinkSettings.mqtt(c.mqttBroker(), gatewayId, token)
            : UplinkSettings.http(URI.create(c.url()), token);
    return base.withCaFile(c.caFile())
        .withBatching(c.batchSize(), c.linger())
        .withTimeout(c.timeout())
        .withBackoff(c.minBackoff(), c.maxBackoff());
  }

  @Override
  public void reading(WireReading reading, boolean alarm) {
    append(new Item.Reading(reading, alarm));
  }

  @Override
  public void status(StatusChange change) {
    append(new Item.Status(change));
  }

  @Override
  public void edge(EdgeEvent event) {
    append(new Item.Edge(event));
  }

  private void append(Item item) {
    if (item.lane() == Lane.PRIORITY) {
      taken.expectPriority(item.seq()); // before the append: the sync may report it at once
    }
    if (!buffer.append(item) && item.lane() == Lane.PRIORITY) {
      forwarder.nudge(); // held in memory: no sync will announce it
    }
  }

  /** The uplink at a glance, in plain JSON types: where it sends, the buffer, the forwarder. */
  @Override
  public Map<String, Object> status() {
    BufferStats b = buffer.stats();
    ForwarderStats f = forwarder.stats();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("cloud", cloud);
    view.put("bufferDepth", b.depth());
    view.put("priorityDepth", b.priorityDepth());
    view.put("bufferBytes", b.bytes());
    view.put(
        "oldestUnsent",
        b.oldestUnsentTs() < 0 ? null : Instant.ofEpochMilli(b.oldestUnsentTs()).toString());
    view.put("evicted", b.evicted());
    view.put("rejected", b.rejected());
    view.put("quarantined", buffer.counters().quarantined());
    view.put("forwarderFaults", forwarder.faults());
    view.put("diskError", b.diskError());
    view.put("notStored", b.notStored());
    view.put("heldInMemory", b.held());
    view.put("lastSuccess", text(f.lastSuccessAt()));
    view.put("lastAttempt", text(f.lastAttemptAt()));
    view.put("lastError", f.lastError());
    view.put("consecutiveFailures", f.consecutiveFailures());
    view.put("needsPeople", f.needsPeople());
    view.put("batchesSent", f.batchesSent());
    view.put("readingsSent", f.readingsSent());
    view.put("clockOffsetMs", f.clockOffsetMs());
    view.put("clockFlagged", f.clockFlagged());
    return view;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  /** Stops forwarding (an unanswered batch stays in the buffer), then syncs the buffer. */
  @Override
  public void close() {
    forwarder.close();
    buffer.close();
    if (audit != null) {
      try {
        audit.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static BufferedWriter auditWriter(Path file) {
    try {
      return Files.newBufferedWriter(
          file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit file " + file, e);
    }
  }

  /**
   * Hears each seq the buffer has synced: writes the audit line, and wakes the forwarder once the
   * newest priority item appended so far is on disk (items are taken in append order).
   */
  private static final class Taken implements LongConsumer {
    private final BufferedWriter audit;
    private final AtomicLong priorityWaiting = new AtomicLong(-1);
    volatile Forwarder forwarder;

    Taken(BufferedWriter audit) {
      this.audit = audit;
    }

    void expectPriority(long seq) {
      priorityWaiting.accumulateAndGet(seq, Math::max);
    }

    @Override
    public void accept(long seq) {
      if (audit != null) {
        write(audit, seq);
      }
      long waiting = priorityWaiting.get();
      if (waiting >= 0 && seq >= waiting && priorityWaiting.compareAndSet(waiting, -1)) {
        Forwarder f = forwarder;
        if (f != null) {
          f.nudge();
        }
      }
    }
  }

  /** One line per seq once it is on disk; flushed so a kill -9 right after leaves it readable. */
  private static void write(BufferedWriter audit, long seq) {
    try {
      audit.write(Long.toString(seq));
      audit.newLine();
      audit.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audit file", e);
    }
  }
}
