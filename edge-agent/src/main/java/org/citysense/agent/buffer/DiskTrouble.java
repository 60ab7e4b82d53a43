package org.citysense.agent.buffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the buffer's disk takes writes, and what was not stored while it did not: logged once
 * when an episode starts and once when it ends, counted for the status endpoint. Guarded by the
 * buffer's lock.
 */
final class DiskTrouble {
  private static final Logger LOG = LoggerFactory.getLogger(DurableBuffer.class);

  private final Object dir;
  private String cause;
  private long notStored;
  private long notStoredInEpisode;
  private long episodes;

  DiskTrouble(Object dir) {
    this.dir = dir;
  }

  /** A write failed; {@code lost} tells whether the item is lost (else held in memory). */
  void failed(Exception e, Item item, boolean lost) {
    if (cause == null) {
      episodes++;
      notStoredInEpisode = 0;
      LOG.error(
          "cannot write to the buffer; readings are counted as not stored and alarms held in"
              + " memory until the disk takes writes again [dir: {}, seq: {}, cause: {}]",
          dir,
          item.seq(),
          e.toString());
    }
    cause = e.toString();
    if (lost) {
      notStored++;
      notStoredInEpisode++;
    }
  }

  /** A write succeeded: ends an episode, if one was going on; true when it did. */
  boolean ok(int held) {
    if (cause != null) {
      LOG.info(
          "the buffer writes to disk again [dir: {}, not stored meanwhile: {}, alarms held in"
              + " memory: {}]",
          dir,
          notStoredInEpisode,
          held);
      cause = null;
      return true;
    }
    return false;
  }

  /** Why the disk refuses writes now, or null when it takes them. */
  String cause() {
    return cause;
  }

  /** Items lost because the disk would not take them, since this process started. */
  long notStored() {
    return notStored;
  }

  long episodes() {
    return episodes;
  }
}
