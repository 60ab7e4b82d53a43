package org.citysense.cloud.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers registered devices for a while, so that a batch of 500 readings does not cost 500
 * database lookups. Only devices found are remembered: a device registered a moment ago is seen at
 * once; a device moved to another gateway is seen within {@code ttl}.
 */
public final class CachingIngestDirectory implements IngestDirectory {
  private final IngestDirectory source;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  private record Entry(DeviceRecord device, Instant expires) {}

  public CachingIngestDirectory(IngestDirectory source, Duration ttl, Clock clock) {
    this.source = source;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public Optional<DeviceRecord> device(String deviceId) {
    Instant now = clock.instant();
    Entry hit = cache.get(deviceId);
    if (hit != null && now.isBefore(hit.expires())) {
      return Optional.of(hit.device());
    }
    Optional<DeviceRecord> found = source.device(deviceId);
    if (found.isPresent()) {
      cache.put(deviceId, new Entry(found.get(), now.plus(ttl)));
    } else {
      cache.remove(deviceId);
    }
    return found;
  }
}
