package org.citysense.cloud.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.citysense.cloud.cache.ExpiringCache;

/**
 * Remembers registered devices for a while, so that a batch of 500 readings does not cost 500
 * database lookups. Only devices found are remembered: a device registered a moment ago is seen at
 * once; a device moved to another gateway is seen within {@code ttl}. At most {@code capacity} are
 * kept, the least recently used going first.
 */
public final class CachingIngestDirectory implements IngestDirectory {
  private final IngestDirectory source;
  private final ExpiringCache<String, DeviceRecord> cache;

  public CachingIngestDirectory(IngestDirectory source, int capacity, Duration ttl, Clock clock) {
    this.source = source;
    this.cache = new ExpiringCache<>(capacity, ttl, clock);
  }

  @Override
  public Optional<DeviceRecord> device(String deviceId) {
    return Optional.ofNullable(cache.get(deviceId, id -> source.device(id).orElse(null)));
  }
}
