package org.citysense.cloud.evaluate;

/**
 * Where a signal comes from in the hand-off log, as one number that grows in the order signals are
 * made: the entry's position shifted left by 20 bits, plus the item's index in the entry (its
 * readings, status changes and edge events in event-time order), or, for a silence check after that
 * entry, 2^19 plus the check's number. Replaying the log after a crash makes the same signals at
 * the same positions, which is how the event service knows them as applied already.
 */
public final class SignalPosition {
  public static final int ITEM_BITS = 20;
  private static final long TICKS = 1L << (ITEM_BITS - 1);
  private static final long ITEM_MASK = (1L << ITEM_BITS) - 1;

  private SignalPosition() {}

  /** The {@code index}-th item of entry {@code entry} (index below 2^19). */
  public static long item(long entry, int index) {
    if (index < 0 || index >= TICKS) {
      throw new IllegalArgumentException("item index out of range: " + index);
    }
    return (entry << ITEM_BITS) | index;
  }

  /** The {@code n}-th silence check after entry {@code entry} (wraps after 2^19 checks). */
  public static long tick(long entry, long n) {
    return (entry << ITEM_BITS) | (TICKS + (n & (TICKS - 1)));
  }

  /**
   * Whether the position is a silence check's. Checks are made anew after a start, never replayed
   * from the log, so their signals are not replays either.
   */
  public static boolean isTick(long position) {
    return (position & TICKS) != 0;
  }

  /** The log entry a position belongs to. */
  public static long entry(long position) {
    return position >>> ITEM_BITS;
  }

  /** The item's index within its entry, or the silence check's number plus 2^19. */
  public static long index(long position) {
    return position & ITEM_MASK;
  }
}
