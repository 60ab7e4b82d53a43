package org.citysense.agent.uplink;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.citysense.agent.buffer.Item;
import org.citysense.agent.buffer.Outbox;
import org.citysense.agent.buffer.Pending;
import org.citysense.profiles.wire.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarder's answer to a batch the cloud refuses as a whole: narrows it down ({@link
 * Narrowing}) to the item, which alone refused goes to the {@link Quarantine}, counted and
 * acknowledged. Should {@link #MAX_SET_ASIDE_IN_A_ROW} items be set aside in a row with nothing
 * passing, the fault is taken to be the cloud's and nothing more is set aside. Used by the
 * forwarder's one thread; only {@link #quarantined()} is read from others.
 */
final class PoisonItems {
  // the forwarder's logger, so that these lines read as before and obey the same log settings
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

  /** Items set aside one after another, nothing passing, before the cloud is suspected. */
  static final int MAX_SET_ASIDE_IN_A_ROW = 10;

  private final Quarantine quarantine;
  private final Outbox outbox;
  private final Clock clock;
  private final Narrowing narrowing = new Narrowing();
  private final AtomicLong quarantined = new AtomicLong();
  private int setAsideInARow;

  /**
   * @param quarantine where refused items go; null to keep retrying them instead
   */
  PoisonItems(Quarantine quarantine, Outbox outbox, Clock clock) {
    this.quarantine = quarantine;
    this.outbox = outbox;
    this.clock = clock;
  }

  /**
   * One step towards the item the cloud refused: a smaller batch next, or, the item being alone,
   * into quarantine. Returns the batch size to use next, {@code batchSize} being the one in use;
   * empty when the batch is to be retried as any failure: no quarantine, or not the items' fault
   * (too many set aside in a row).
   */
  OptionalInt refused(Batch batch, Pending pending, BatchRefusedException e, int batchSize) {
    if (quarantine == null) {
      return OptionalInt.empty();
    }
    List<Item> items = pending.items();
    if (items.size() > 1) {
      int next = narrowing.refused(items, e.field(), batchSize);
      LOG.warn(
          "the cloud refused a batch as a whole; narrowing it down to the item [batch: {}, items:"
              + " {}, next batch: {} instead of {}, reason: {}]",
          batch.batchId(),
          items.size(),
          next,
          batchSize,
          e.reason());
      return OptionalInt.of(next);
    }
    if (setAsideInARow >= MAX_SET_ASIDE_IN_A_ROW) {
      return OptionalInt.empty();
    }
    Item item = items.get(0);
    try {
      quarantine.put(item, e.reason(), batch.batchId(), clock.instant());
    } catch (IOException io) {
      LOG.error(
          "cannot write the quarantine file; the refused item is only counted [file: {}, seq: {},"
              + " cause: {}]",
          quarantine.file(),
          item.seq(),
          io.toString());
    }
    outbox.countQuarantined(1);
    outbox.acknowledge(pending);
    quarantined.incrementAndGet();
    setAsideInARow++;
    int next = narrowing.setAside(batchSize);
    LOG.warn(
        "set an item the cloud refuses aside in quarantine [seq: {}, item: {}, reason: {}, file:"
            + " {}]",
        item.seq(),
        describe(item),
        e.reason(),
        quarantine.file());
    return OptionalInt.of(next);
  }

  /**
   * A batch of {@code n} items passed: the run of items set aside ends. Returns the batch size to
   * use from now on, {@code batchSize} being the one in use.
   */
  int passed(int n, int batchSize) {
    setAsideInARow = 0;
    return narrowing.passed(n, batchSize);
  }

  /** Items set aside in quarantine since start. */
  long quarantined() {
    return quarantined.get();
  }

  private static String describe(Item item) {
    if (item instanceof Item.Reading r) {
      return "reading of " + r.reading().deviceId() + "/" + r.reading().point();
    }
    if (item instanceof Item.Status s) {
      return "status of " + s.change().deviceId();
    }
    Item.Edge edge = (Item.Edge) item;
    return "edge event of " + edge.event().deviceId() + "/" + edge.event().point();
  }
}
