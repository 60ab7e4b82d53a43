package org.citysense.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.agent.buffer.TestItems.alarm;
import static org.citysense.agent.buffer.TestItems.normal;
import static org.citysense.agent.buffer.TestItems.seqs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.citysense.testsupport.SmallDisk;
import org.junit.jupiter.api.Test;

/** The buffer on a real file system that fills up: nothing torn, nothing lost uncounted. */
class BufferDiskFullIT {
  private static final BufferSettings SETTINGS =
      new BufferSettings(1L << 30, 16 * 1024, Duration.ofHours(1));

  @Test
  void whatAFullDiskWillNotTakeIsHeldOrCountedAndTheBufferRecoversByItself() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(256)) {
      Path dir = disk.dir().resolve("buffer");
      Path filler = disk.dir().resolve("filler");
      List<Long> stored = new ArrayList<>();
      long refused = 0;
      long seq = 100;
      DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null);
      try {
        while (refused < 20) {
          long s = seq++;
          if (buffer.append(normal(s))) {
            stored.add(s);
          } else {
            refused++;
          }
        }
        fill(filler); // whatever a record could still squeeze into
        BufferStats full = buffer.stats();
        assertThat(full.diskError()).contains("No space left on device");
        assertThat(full.notStored()).isEqualTo(refused);
        assertThat(buffer.counters().evicted()).isEqualTo(refused);

        long alarmSeq = seq++;
        assertThat(buffer.append(alarm(alarmSeq))).isFalse();
        assertThat(buffer.stats().held()).isEqualTo(1);
        assertThat(buffer.stats().priorityDepth()).isEqualTo(1);
        // the alarm goes first, from memory, although nothing of it is on disk
        Pending batch = buffer.next(1);
        assertThat(seqs(batch.items())).containsExactly(alarmSeq);
        buffer.acknowledge(batch);
        assertThat(buffer.stats().held()).isZero();

        buffer.sync();
      } finally {
        buffer.close();
      }
      // opened again on the full disk, every record reads back whole: the failed writes left
      // nothing torn behind
      DurableBuffer reopened = new DurableBuffer(dir, SETTINGS, null);
      try {
        Pending all = reopened.next(100_000);
        assertThat(seqs(all.items())).isEqualTo(stored);
        // the cloud takes the backlog: space comes back, and so do writes, by themselves
        reopened.acknowledge(all);
        Files.delete(filler);
        assertThat(reopened.append(normal(seq))).isTrue();
        assertThat(reopened.stats().diskError()).isNull();
        assertThat(reopened.stats().depth()).isEqualTo(1);
      } finally {
        reopened.close();
      }
    }
  }

  @Test
  void whatWasNotStoredStaysCountedAcrossARestartOnceTheDiskTakesWritesAgain() throws Exception {
    try (SmallDisk disk = SmallDisk.mount(256)) {
      Path dir = disk.dir().resolve("buffer");
      Path room = disk.dir().resolve("room");
      Files.write(room, new byte[64 * 1024]); // space someone frees later
      long refused = 0;
      long seq = 100;
      DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null);
      while (refused < 20) {
        if (!buffer.append(normal(seq++))) {
          refused++;
        }
      }
      Files.delete(room);
      assertThat(buffer.append(normal(seq++))).isTrue();
      // no close: the agent is killed here, and the next one opens the folder
      DurableBuffer reopened = new DurableBuffer(dir, SETTINGS, null);
      try {
        assertThat(reopened.counters().evicted()).isEqualTo(refused);
      } finally {
        reopened.close();
      }
    }
  }

  private static void fill(Path file) throws IOException {
    byte[] block = new byte[512];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
  }
}
