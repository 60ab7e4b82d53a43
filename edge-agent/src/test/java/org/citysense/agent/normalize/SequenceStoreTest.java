package org.citysense.agent.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceStoreTest {
  private static final long DEC_2026 = 1_796_688_000_000L; // 2026-12-07T00:00:00Z

  @Test
  void numbersKeepRisingAcrossRestarts(@TempDir Path dir) {
    SequenceStore first = new SequenceStore(dir, DEC_2026);
    long start = first.start();
    assertThat(first.next()).isEqualTo(start);
    assertThat(first.next()).isEqualTo(start + 1);
    // a restart (or kill -9) at any point continues above every number handed out
    SequenceStore second = new SequenceStore(dir, DEC_2026 + 60_000);
    assertThat(second.start()).as("the same numbering").isEqualTo(start);
    long after = second.next();
    assertThat(after).isGreaterThan(start + 1);
    for (int i = 0; i < 25_000; i++) {
      second.next();
    }
    long beforeRestart = second.next();
    assertThat(new SequenceStore(dir).next()).isGreaterThan(beforeRestart);
  }

  @Test
  void aLostDataFolderStartsANumberingAboveTheOld(@TempDir Path dir) throws Exception {
    SequenceStore lost = new SequenceStore(dir.resolve("a"), DEC_2026);
    long last = 0;
    for (int i = 0; i < 1_000_000; i++) { // a million readings in the hour before the loss
      last = lost.next();
    }
    SequenceStore fresh = new SequenceStore(dir.resolve("b"), DEC_2026 + 3_600_000);
    assertThat(fresh.start()).isGreaterThan(last);
    assertThat(fresh.next()).isEqualTo(fresh.start());
  }

  @Test
  void aClockBefore2026StartsAt2026(@TempDir Path dir) {
    assertThat(new SequenceStore(dir, 0).start()).isEqualTo(SequenceStore.FLOOR_MS * 1000);
  }

  @Test
  void aFileFromBeforeTheStartWasKeptNumberedFromOne(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("sequence"), "20000");
    SequenceStore legacy = new SequenceStore(dir, DEC_2026);
    assertThat(legacy.start()).isEqualTo(1);
    assertThat(legacy.next()).isEqualTo(20_001);
  }
}
