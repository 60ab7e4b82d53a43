package org.citysense.cloud.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CachingIngestDirectoryTest {
  private final Map<String, DeviceRecord> registry = new HashMap<>();
  private int lookups;
  private final IngestDirectory source =
      id -> {
        lookups++;
        return Optional.ofNullable(registry.get(id));
      };

  @Test
  void foundDevicesAreRememberedForTheTtlAndUnknownOnesAreAskedAgain() {
    Instant t0 = Instant.parse("2026-11-22T08:00:00Z");
    Clock[] clock = {Clock.fixed(t0, ZoneOffset.UTC)};
    CachingIngestDirectory cache =
        new CachingIngestDirectory(source, 100, Duration.ofSeconds(30), new DelegatingClock(clock));
    registry.put("pm-1", new DeviceRecord("pm-1", "gw-a", "pm25-rs485"));

    for (int i = 0; i < 500; i++) {
      assertThat(cache.device("pm-1")).isPresent();
    }
    assertThat(lookups).isEqualTo(1);

    // an unknown device registered a moment later is found at once
    assertThat(cache.device("pm-2")).isEmpty();
    registry.put("pm-2", new DeviceRecord("pm-2", "gw-a", "pm25-rs485"));
    assertThat(cache.device("pm-2")).isPresent();

    // a device moved to another gateway is seen once the ttl has passed
    registry.put("pm-1", new DeviceRecord("pm-1", "gw-b", "pm25-rs485"));
    assertThat(cache.device("pm-1").orElseThrow().gatewayId()).isEqualTo("gw-a");
    clock[0] = Clock.fixed(t0.plusSeconds(31), ZoneOffset.UTC);
    assertThat(cache.device("pm-1").orElseThrow().gatewayId()).isEqualTo("gw-b");
  }

  @Test
  void atMostCapacityDevicesAreRememberedTheLeastRecentlyUsedGoingFirst() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC);
    CachingIngestDirectory cache =
        new CachingIngestDirectory(source, 3, Duration.ofHours(1), clock);
    for (String id : new String[] {"d-1", "d-2", "d-3", "d-4"}) {
      registry.put(id, new DeviceRecord(id, "gw-a", "pm25-rs485"));
    }
    cache.device("d-1");
    cache.device("d-2");
    cache.device("d-3");
    cache.device("d-1"); // used again: d-2 is now the least recently used
    cache.device("d-4");
    lookups = 0;

    cache.device("d-1");
    cache.device("d-3");
    cache.device("d-4");
    assertThat(lookups).as("kept").isZero();
    cache.device("d-2");
    assertThat(lookups).as("d-2 was dropped for d-4").isEqualTo(1);
  }

  /** A clock the test can move. */
  private static final class DelegatingClock extends Clock {
    private final Clock[] current;

    DelegatingClock(Clock[] current) {
      this.current = current;
    }

    @Override
    public Instant instant() {
      return current[0].instant();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
