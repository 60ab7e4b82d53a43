package org.citysense.cloud.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Positions keep partition, entry and item apart, and grow in the order signals are made. */
class SignalPositionTest {
  @Test
  void partitionEntryAndItemComeBack() {
    long p = SignalPosition.item(17, 123_456_789L, 42);
    assertThat(SignalPosition.partition(p)).isEqualTo(17);
    assertThat(SignalPosition.entry(p)).isEqualTo(123_456_789L);
    assertThat(SignalPosition.index(p)).isEqualTo(42);
    assertThat(SignalPosition.isTick(p)).isFalse();
    long t = SignalPosition.tick(17, 123_456_789L, 3);
    assertThat(SignalPosition.isTick(t)).isTrue();
    assertThat(SignalPosition.entry(t)).isEqualTo(123_456_789L);
  }

  @Test
  void positionsGrowWithEntryThenItemThenChecksAndTheEmbeddedLogIsPartitionZero() {
    assertThat(SignalPosition.item(0, 7, 3)).isEqualTo(SignalPosition.item(7, 3)).isPositive();
    assertThat(SignalPosition.item(5, 7, 3)).isLessThan(SignalPosition.item(5, 7, 4));
    assertThat(SignalPosition.item(5, 7, 99)).isLessThan(SignalPosition.tick(5, 7, 0));
    assertThat(SignalPosition.tick(5, 7, 0)).isLessThan(SignalPosition.item(5, 8, 0));
    assertThat(SignalPosition.item(127, (1L << 36) - 1, 0)).isPositive();
  }

  @Test
  void outOfRangeIsRefused() {
    assertThatThrownBy(() -> SignalPosition.item(128, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignalPosition.item(1, 1L << 36, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignalPosition.item(1, 1, 1 << 19))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
