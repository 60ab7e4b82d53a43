package org.citysense.agent.buffer;

/**
 * The buffer at a glance, for the status endpoint and {@code edge-agent status}.
 *
 * @param priorityDepth items waiting in the priority lane
 * @param normalDepth items waiting in the normal lane
 * @param bytes disk used by segments
 * @param oldestUnsentTs the gateway-clock time of the oldest item waiting, or -1 when empty
 * @param evicted items dropped for the disk budget (or found corrupt on open) since the buffer was
 *     created
 * @param rejected items the cloud refused since the buffer was created (never retried)
 * @param taken items synced to disk since this process started
 * @param held priority items kept in memory because the disk would not take them (counted in {@code
 *     priorityDepth} too)
 * @param notStored items lost since this process started because the disk would not take them
 *     (counted in {@code evicted} too)
 * @param diskError why the disk refuses writes now, or null when it takes them
 */
public record BufferStats(
    long priorityDepth,
    long normalDepth,
    long bytes,
    long oldestUnsentTs,
    long evicted,
    long rejected,
    long taken,
    long held,
    long notStored,
    String diskError) {
  /** A buffer whose disk takes every write. */
  public BufferStats(
      long priorityDepth,
      long normalDepth,
      long bytes,
      long oldestUnsentTs,
      long evicted,
      long rejected,
      long taken) {
    this(priorityDepth, normalDepth, bytes, oldestUnsentTs, evicted, rejected, taken, 0, 0, null);
  }

  public long depth() {
    return priorityDepth + normalDepth;
  }
}
