package org.citysense.agent.buffer;

import java.nio.file.Path;
import java.util.function.LongConsumer;
import org.citysense.profiles.wire.Counters;

/**
 * The durable queue between acquisition and uplink. See docs/storage.md for the file layout, the
 * sync policy and the worst case.
 */
public final class DurableBuffer implements Outbox, AutoCloseable {

  /**
   * Opens the buffer in {@code dir}, recovering what a crash left (a torn last record is cut off).
   *
   * @param onTaken called with each item's seq once it is synced to disk, in order (may be null)
   */
  public DurableBuffer(Path dir, BufferSettings settings, LongConsumer onTaken) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Appends an item; thread-safe; durable within {@code syncEvery}. */
  public void append(Item item) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Forces everything appended so far to disk now. */
  public void sync() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The next batch's items, synced ones only: all waiting priority items first (up to {@code max}),
   * then normal ones, drawn from both the oldest backlog and the newest live segment so live data
   * keeps flowing while a backlog drains. Leaves them in the buffer.
   */
  public Pending next(int max) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The cloud answered for these (stored, duplicate or rejected): they leave the buffer. */
  public void acknowledge(Pending pending) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Counts items the cloud rejected; reported in every batch's counters from now on. */
  public void countRejected(long n) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The cumulative counters the batches carry. */
  public Counters counters() {
    throw new UnsupportedOperationException("TODO");
  }

  public BufferStats stats() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Syncs and closes the files. */
  @Override
  public void close() {
    throw new UnsupportedOperationException("TODO");
  }
}
