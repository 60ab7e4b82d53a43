package org.citysense.agent.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceStoreTest {
  @Test
  void numbersKeepRisingAcrossRestarts(@TempDir Path dir) {
    SequenceStore first = new SequenceStore(dir);
    assertThat(first.next()).isEqualTo(1);
    assertThat(first.next()).isEqualTo(2);
    // a restart (or kill -9) at any point continues above every number handed out
    SequenceStore second = new SequenceStore(dir);
    long after = second.next();
    assertThat(after).isGreaterThan(2);
    for (int i = 0; i < 25_000; i++) {
      second.next();
    }
    long beforeRestart = second.next();
    assertThat(new SequenceStore(dir).next()).isGreaterThan(beforeRestart);
  }
}
