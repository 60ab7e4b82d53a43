package org.citysense.cloud.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.citysense.profiles.wire.WireReading;

/**
 * Where accepted readings are kept. Two implementations pass the same contract tests: the embedded
 * default (no server) and InfluxDB 1.x. Writing is idempotent on (gateway, seq): a reading written
 * twice is stored once.
 */
public interface ReadingStore extends AutoCloseable {

  /**
   * Stores {@code readings} of {@code gatewayId}, all or none.
   *
   * @throws StoreUnavailableException when the store cannot be reached; nothing was stored, and the
   *     gateway should send again later
   */
  void write(String gatewayId, List<WireReading> readings);

  /** Readings of one device, optionally of one quantity, with from ≤ ts &lt; to, oldest first. */
  default List<StoredReading> readings(String deviceId, String quantity, Instant from, Instant to) {
    return readings(deviceId, quantity, from, to, 0, Integer.MAX_VALUE);
  }

  /**
   * As {@link #readings(String, String, Instant, Instant)}, one page of them: at most {@code limit}
   * readings after skipping the first {@code offset}, so that the store never hands over more.
   */
  List<StoredReading> readings(
      String deviceId, String quantity, Instant from, Instant to, int offset, int limit);

  /**
   * The numeric readings of one device and quantity with from ≤ ts &lt; to in buckets of {@code
   * every}, aligned to the epoch (as InfluxQL's {@code GROUP BY time}), oldest first; buckets
   * without a numeric reading are left out. The caller bounds the number of buckets.
   */
  List<Bucket> aggregate(
      String deviceId, String quantity, Instant from, Instant to, Duration every);

  /** The newest reading of each (device, quantity) among {@code deviceIds}. */
  List<StoredReading> latest(List<String> deviceIds);

  /** Deletes raw readings older than {@code before}; returns how many where the store can tell. */
  long deleteBefore(Instant before);

  @Override
  void close();
}
