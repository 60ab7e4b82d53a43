package org.citysense.cloud.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citysense.cloud.testdb.MutableClock;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
  private final List<String> loaded = new ArrayList<>();

  private Optional<String> unknown(String id) {
    loaded.add(id);
    return Optional.empty();
  }

  @Test
  void manyUnknownIdsDoNotGrowTheCacheBeyondItsBound() {
    ExpiringCache<String, Optional<String>> cache =
        new ExpiringCache<>(100, Duration.ofSeconds(30), clock);
    for (int i = 0; i < 100_000; i++) {
      assertThat(cache.get("made-up-" + i, this::unknown)).isEmpty();
    }
    assertThat(cache.size()).isEqualTo(100);
    assertThat(loaded).hasSize(100_000);

    // the latest are still answered from memory
    loaded.clear();
    cache.get("made-up-99999", this::unknown);
    assertThat(loaded).isEmpty();
  }

  @Test
  void anAnswerIsKeptForTheTtlThenLoadedAgain() {
    ExpiringCache<String, Optional<String>> cache =
        new ExpiringCache<>(10, Duration.ofSeconds(30), clock);
    cache.get("d-1", this::unknown);
    clock.advance(Duration.ofSeconds(29));
    cache.get("d-1", this::unknown);
    assertThat(loaded).containsExactly("d-1");
    clock.advance(Duration.ofSeconds(1));
    cache.get("d-1", this::unknown);
    assertThat(loaded).containsExactly("d-1", "d-1");
  }

  @Test
  void aNullAnswerIsNotKept() {
    ExpiringCache<String, String> cache = new ExpiringCache<>(10, Duration.ofSeconds(30), clock);
    assertThat(cache.get("d-1", id -> null)).isNull();
    assertThat(cache.size()).isZero();
    assertThat(cache.get("d-1", id -> "found")).isEqualTo("found");
  }

  @Test
  void aCapacityBelowOneIsRefused() {
    assertThatThrownBy(() -> new ExpiringCache<>(0, Duration.ofSeconds(30), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be 1 or more, not 0");
  }
}
