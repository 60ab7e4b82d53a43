package org.citysense.cloud.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Answers remembered for {@code ttl}, at most {@code capacity} of them: the least recently used
 * goes when a new one would pass the bound. The registry's caches are keyed by ids that gateways
 * send, so without a bound made-up ids would fill the heap.
 *
 * <p>Thread-safe. The load runs outside the lock, so that a slow database lookup does not hold up
 * the hits; two callers may then load the same key at once, the later answer staying, which is
 * harmless for lookups.
 */
public final class ExpiringCache<K, V> {
  private final int capacity;
  private final Duration ttl;
  private final Clock clock;
  private final Map<K, Entry<V>> entries;

  private record Entry<V>(V value, Instant expires) {}

  public ExpiringCache(int capacity, Duration ttl, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be 1 or more, not " + capacity);
    }
    this.capacity = capacity;
    this.ttl = ttl;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
            return size() > ExpiringCache.this.capacity;
          }
        };
  }

  /**
   * The value for {@code key}: the remembered one while fresh, else {@code load}'s, remembered
   * unless it is null (a null is answered, not kept: the next call loads again).
   */
  public V get(K key, Function<K, V> load) {
    Instant now = clock.instant();
    synchronized (this) {
      Entry<V> hit = entries.get(key);
      if (hit != null && now.isBefore(hit.expires())) {
        return hit.value();
      }
    }
    V value = load.apply(key);
    synchronized (this) {
      if (value == null) {
        entries.remove(key);
      } else {
        entries.put(key, new Entry<>(value, now.plus(ttl)));
      }
    }
    return value;
  }

  /** How many answers are remembered, fresh or not yet dropped. */
  public synchronized int size() {
    return entries.size();
  }
}
