package org.citysense.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SendLogTest {
  @Test
  void showsAtMostFiveSeqsAndCountsTheRest() {
    assertThat(SendLog.seqs(List.of(1L, 2L, 3L))).isEqualTo("1, 2, 3");
    assertThat(SendLog.seqs(List.of(1L, 2L, 3L, 4L, 5L))).isEqualTo("1, 2, 3, 4, 5");
    assertThat(SendLog.seqs(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L)))
        .isEqualTo("1, 2, 3, 4, 5 and 2 more");
  }
}
