package org.citysense.agent.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  @Test
  void doublesFromTheFirstWaitUpToTheMaximum() {
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      waits.add(backoff.next().toSeconds());
    }

    assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
  }

  @Test
  void startsAgainAfterAReset() {
    backoff.next();
    backoff.next();

    backoff.reset();

    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void refusesAMaximumBelowTheFirstWait() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void drawsEachJitteredWaitBetweenTheFirstWaitAndTheDoublingCeiling() {
    double[] draws = {0.0, 0.5, 1.0, 0.25};
    int[] i = {0};
    Backoff jittered =
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), () -> draws[i[0]++ % 4]);

    List<Long> waits = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      waits.add(jittered.next().toMillis());
    }

    // ceilings 1, 2, 4, 8 s
    assertThat(waits).containsExactly(1_000L, 1_500L, 4_000L, 2_750L);
  }

  @Test
  void keepsRandomJitterWithinTheBounds() {
    Backoff jittered = Backoff.withFullJitter(Duration.ofSeconds(1), Duration.ofSeconds(30));

    for (int n = 0; n < 50; n++) {
      assertThat(jittered.next()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }
    jittered.reset();
    assertThat(jittered.next()).isEqualTo(Duration.ofSeconds(1));
  }
}
