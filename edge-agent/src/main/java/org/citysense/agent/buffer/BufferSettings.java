package org.citysense.agent.buffer;

import java.time.Duration;

/**
 * How the buffer uses the disk.
 *
 * @param maxBytes the disk budget for all segments; past it the oldest normal segments are evicted
 *     first, priority ones only when no normal one is left
 * @param segmentBytes the size at which a segment file is closed and a new one begun
 * @param syncEvery how often appended items are forced to disk (group commit); an item counts as
 *     taken only once synced
 */
public record BufferSettings(long maxBytes, long segmentBytes, Duration syncEvery) {
  public static final BufferSettings DEFAULT =
      new BufferSettings(512L * 1024 * 1024, 8L * 1024 * 1024, Duration.ofMillis(100));
}
