package org.citysense.cloud.evaluate;

/**
 * Where a signal comes from in the hand-off log, as one number that grows in the order signals are
 * made within one partition of the log: the partition (7 bits, 0 for the embedded log) above the
 * entry's position (36 bits: its offset in the partition) above the item's index in the entry (20
 * bits: its readings, status changes and edge events in event-time order), or, for a silence check
 * after that entry, 2^19 plus the check's number. Replaying the log after a crash makes the same
 * signals at the same positions, which is how the event service knows them as applied already. A
 * subject's signals come from one partition (the log is keyed by gateway), so only positions of one
 * partition are ever compared.
 */
public final class SignalPosition {
  public static final int ITEM_BITS = 20;
  static final int ENTRY_BITS = 36;
  public static final int MAX_PARTITIONS = 128;
  private static final long TICKS = 1L << (ITEM_BITS - 1);
  private static final long ITEM_MASK = (1L << ITEM_BITS) - 1;
  private static final long ENTRY_MASK = (1L << ENTRY_BITS) - 1;
  private static final int PARTITION_SHIFT = ITEM_BITS + ENTRY_BITS;

  private SignalPosition() {}

  /** The {@code index}-th item of entry {@code entry} of partition 0 (the embedded log). */
  public static long item(long entry, int index) {
    return item(0, entry, index);
  }

  /** The {@code index}-th item (below 2^19) of entry {@code entry} of {@code partition}. */
  public static long item(int partition, long entry, int index) {
    if (index < 0 || index >= TICKS) {
      throw new IllegalArgumentException("item index out of range: " + index);
    }
    return base(partition, entry) | index;
  }

  /** The {@code n}-th silence check after entry {@code entry} of partition 0. */
  public static long tick(long entry, long n) {
    return tick(0, entry, n);
  }

  /** The {@code n}-th silence check after entry {@code entry} (wraps after 2^19 checks). */
  public static long tick(int partition, long entry, long n) {
    return base(partition, entry) | (TICKS + (n & (TICKS - 1)));
  }

  private static long base(int partition, long entry) {
    if (partition < 0 || partition >= MAX_PARTITIONS) {
      throw new IllegalArgumentException("partition out of range: " + partition);
    }
    if (entry < 0 || entry > ENTRY_MASK) {
      throw new IllegalArgumentException("entry out of range: " + entry);
    }
    return ((long) partition << PARTITION_SHIFT) | (entry << ITEM_BITS);
  }

  /**
   * Whether the position is a silence check's. Checks are made anew after a start, never replayed
   * from the log, so their signals are not replays either.
   */
  public static boolean isTick(long position) {
    return (position & TICKS) != 0;
  }

  /** The partition a position belongs to. */
  public static int partition(long position) {
    return (int) (position >>> PARTITION_SHIFT);
  }

  /** The log entry (its offset in its partition) a position belongs to. */
  public static long entry(long position) {
    return (position >>> ITEM_BITS) & ENTRY_MASK;
  }

  /** The item's index within its entry, or the silence check's number plus 2^19. */
  public static long index(long position) {
    return position & ITEM_MASK;
  }

  /** The lowest position of {@code partition}: positions of it are at least this. */
  public static long first(int partition) {
    return base(partition, 0);
  }
}
