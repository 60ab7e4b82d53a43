package org.citysense.agent.buffer;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The count of items the buffer lost (evicted, not stored, cut off by a crash), and the items of
 * evicted segments that were on their way in the batch being sent: those count as evicted only if
 * that batch gets no answer. Guarded by the buffer's lock; the buffer saves the counters.
 */
final class Evictions {
  // logged under the buffer's name, as before this class existed
  private static final Logger LOG = LoggerFactory.getLogger(DurableBuffer.class);

  private long evicted;
  private final List<Segment> doomedSegments = new ArrayList<>();

  Evictions(long evicted) {
    this.evicted = evicted;
  }

  /** Items lost in total, as the batches' counters report them. */
  long total() {
    return evicted;
  }

  /** Counts items lost other than by an eviction (not stored, cut off by recovery). */
  void countLost(long n) {
    evicted += n;
  }

  /**
   * Counts what deleting {@code victim} lost: its unacknowledged items, except those on their way
   * in the batch being sent, which wait for that batch's answer (see {@link #settle}).
   */
  void evicted(Segment victim) {
    long onTheirWay = Math.max(0, Math.min(victim.inFlightCount, victim.count) - victim.ackedCount);
    long lost = victim.unacked() - onTheirWay;
    evicted += lost;
    if (onTheirWay > 0) {
      victim.doomed = onTheirWay;
      doomedSegments.add(victim);
    }
    LOG.warn(
        "buffer over its disk budget, evicted a segment"
            + " [segment: {}, items: {}, bytes: {}, evicted in total: {}]",
        victim,
        lost,
        victim.size,
        evicted);
  }

  /** The cloud answered for the items of an evicted segment that were on their way: not lost. */
  void answered(Segment victim) {
    victim.doomed = 0;
  }

  /**
   * The batch before the next one was answered or failed: items of evicted segments that were on
   * their way in it and got no answer are lost after all. True when that changed the count.
   */
  boolean settle() {
    long lost = 0;
    for (Segment s : doomedSegments) {
      lost += s.doomed;
      s.doomed = 0;
    }
    doomedSegments.clear();
    evicted += lost;
    return lost > 0;
  }

  /** Remembers how far each segment's items are on their way, for a fair eviction count. */
  static void markInFlight(List<LaneChain> chains, List<DurableBuffer.Range> plan) {
    for (LaneChain chain : chains) {
      for (Segment s : chain.segments) {
        s.inFlightCount = s.ackedCount;
      }
    }
    for (DurableBuffer.Range r : plan) {
      r.segment().inFlightCount = r.fromCount() + r.take();
    }
  }
}
