package org.citysense.agent.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.citysense.agent.driver.Failure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LineHealthTest {
  private static final int FRAME = 10;

  private final AtomicLong now = new AtomicLong();
  private final LineHealth health = new LineHealth(FRAME, Duration.ofMinutes(1), now::get);

  @BeforeEach
  void open() {
    health.opened();
  }

  @Test
  void theTailOfAFrameBeforeTheFirstFrameIsForgiven() {
    assertThat(health.update(0, 4, 0, null)).isNull();
    assertThat(health.update(0, 4, 1, null)).isNull();
    assertThat(health.update(0, 4, 3, null)).isNull();
  }

  @Test
  void garbageBetweenFramesIsReportedAsMalformed() {
    health.update(0, 0, 1, null);

    Failure failure = health.update(0, 7, 1, null);

    assertThat(failure.kind()).isEqualTo(Failure.Kind.MALFORMED);
    assertThat(failure.message()).isEqualTo("7 byte(s) of garbage skipped");
  }

  @Test
  void aLineThatNeverSyncsIsReportedOnceAFrameLengthOfGarbageCame() {
    assertThat(health.update(0, 9, 0, null)).isNull();

    assertThat(health.update(0, 12, 0, null)).isNotNull();
  }

  @Test
  void aBadChecksumIsReportedAsChecksum() {
    health.update(0, 0, 1, null);

    Failure failure = health.update(1, 1, 1, "bad checksum: computed 0x12, frame says 0x13");

    assertThat(failure.kind()).isEqualTo(Failure.Kind.CHECKSUM);
    assertThat(failure.message()).startsWith("1 bad frame(s), the last with bad checksum");
  }

  @Test
  void problemsAreReportedAtMostOnceAPeriodWithWhatCameMeanwhile() {
    health.update(0, 0, 1, null);
    assertThat(health.update(0, 3, 1, null)).isNotNull();

    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(health.update(1, 8, 1, "bad tail")).isNull();
    assertThat(health.update(1, 10, 1, "bad tail")).isNull();

    now.addAndGet(Duration.ofSeconds(30).toNanos());
    Failure later = health.update(1, 10, 1, "bad tail");
    assertThat(later.kind()).isEqualTo(Failure.Kind.MALFORMED);
    assertThat(later.message())
        .isEqualTo("1 bad frame(s), the last with bad tail; 7 byte(s) of garbage skipped");
  }
}
