package org.citysense.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.agent.buffer.TestItems.alarm;
import static org.citysense.agent.buffer.TestItems.normal;
import static org.citysense.agent.buffer.TestItems.recordBytes;
import static org.citysense.agent.buffer.TestItems.seqs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BufferRecoveryTest {
  private static final BufferSettings SETTINGS =
      new BufferSettings(1 << 30, 1 << 20, Duration.ofHours(1));

  @TempDir Path root;

  private static final int LEN = recordBytes(normal(100));

  /** A buffer in {@code dir} holding normal readings {@code from..to} in one segment, closed. */
  private static Path filled(Path dir, long from, long to) throws IOException {
    try (DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null)) {
      LongStream.rangeClosed(from, to).forEach(s -> buffer.append(normal(s)));
    }
    return onlySegment(dir.resolve("normal"));
  }

  private static Path onlySegment(Path laneDir) throws IOException {
    try (Stream<Path> files = Files.list(laneDir)) {
      List<Path> segments = files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
      assertThat(segments).hasSize(1);
      return segments.get(0);
    }
  }

  private static List<Long> drain(DurableBuffer buffer) {
    List<Long> seqs = new ArrayList<>();
    for (Pending p = buffer.next(7); !p.isEmpty(); p = buffer.next(7)) {
      seqs.addAll(seqs(p.items()));
      buffer.acknowledge(p);
    }
    return seqs;
  }

  private static void truncate(Path file, long size) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
  }

  @Test
  void aTornLastRecordIsCutOffAtEveryByteOffset() throws IOException {
    for (int cut = 4 * LEN; cut < 5 * LEN; cut++) {
      Path dir = Files.createDirectory(root.resolve("cut-" + cut));
      Path segment = filled(dir, 101, 105);
      assertThat(Files.size(segment)).isEqualTo(5L * LEN);
      truncate(segment, cut);

      try (DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null)) {
        assertThat(Files.size(segment)).isEqualTo(4L * LEN);
        assertThat(buffer.stats().normalDepth()).isEqualTo(4);
        buffer.append(normal(106)); // goes to a new segment, not after the cut
        buffer.sync();
        assertThat(drain(buffer)).containsExactly(101L, 102L, 103L, 104L, 106L);
        assertThat(buffer.counters().evicted()).isZero();
      }
    }
  }

  @Test
  void aTailCutAtRandomOffsetsKeepsTheWholeRecordsBeforeIt() throws IOException {
    Random random = new Random(42);
    for (int i = 0; i < 30; i++) {
      Path dir = Files.createDirectory(root.resolve("random-" + i));
      Path segment = filled(dir, 101, 120);
      long cut = random.nextInt(20 * LEN + 1);
      truncate(segment, cut);

      try (DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null)) {
        assertThat(drain(buffer))
            .isEqualTo(LongStream.range(101, 101 + cut / LEN).boxed().toList());
        assertThat(buffer.counters().evicted()).isZero();
      }
    }
  }

  @Test
  void zeroesAfterTheLastRecordAreATornTail() throws IOException {
    Path dir = root.resolve("zeroes");
    Path segment = filled(dir, 101, 103);
    truncate(segment, 3L * LEN + 100);

    try (DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null)) {
      assertThat(drain(buffer)).containsExactly(101L, 102L, 103L);
      assertThat(buffer.counters().evicted()).isZero();
    }
  }

  @Test
  void aBadCrcInTheMiddleDropsTheRestOfTheSegmentAndCountsIt() throws IOException {
    Path dir = root.resolve("corrupt");
    try (DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null)) {
      LongStream.rangeClosed(101, 110).forEach(s -> buffer.append(normal(s)));
      buffer.sync();
      buffer.acknowledge(buffer.next(2)); // 101, 102 acknowledged
    }
    Path segment = onlySegment(dir.resolve("normal"));
    byte[] bytes = Files.readAllBytes(segment);
    bytes[3 * LEN + 20] ^= 0x01; // a bit of 104's payload flips
    Files.write(segment, bytes);

    try (DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null)) {
      assertThat(Files.size(segment)).isEqualTo(3L * LEN);
      assertThat(drain(buffer)).containsExactly(103L);
      assertThat(buffer.counters().evicted()).isEqualTo(7); // 104..110
    }
    try (DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null)) {
      assertThat(buffer.counters().evicted()).isEqualTo(7);
    }
  }

  @Test
  void aBadCrcInOneSegmentLeavesTheOthersAlone() throws IOException {
    Path dir = root.resolve("two");
    BufferSettings small = new BufferSettings(1 << 30, 4L * LEN, Duration.ofHours(1));
    try (DurableBuffer buffer = new DurableBuffer(dir, small, null)) {
      LongStream.rangeClosed(101, 108).forEach(s -> buffer.append(normal(s)));
      buffer.append(alarm(109));
    }
    Path first;
    try (Stream<Path> files = Files.list(dir.resolve("normal"))) {
      first = files.sorted().findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(first);
    bytes[LEN + 30] ^= 0x40; // 102
    Files.write(first, bytes);

    try (DurableBuffer buffer = new DurableBuffer(dir, small, null)) {
      assertThat(drain(buffer)).containsExactly(109L, 101L, 105L, 106L, 107L, 108L);
      assertThat(buffer.counters().evicted()).isEqualTo(3);
    }
  }

  @Test
  void withoutAStateFileEverythingIsSentAgain() throws IOException {
    Path dir = root.resolve("missing");
    acknowledgeSomeOf(dir);
    Files.delete(dir.resolve("state"));

    try (DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null)) {
      assertThat(drain(buffer)).isEqualTo(LongStream.rangeClosed(101, 110).boxed().toList());
    }
  }

  @Test
  void withAnUnreadableStateFileEverythingIsSentAgain() throws IOException {
    Path dir = root.resolve("garbage");
    acknowledgeSomeOf(dir);
    Files.writeString(dir.resolve("state"), "normal 1 x\u0000\u0007 zz\n");

    try (DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null)) {
      assertThat(drain(buffer)).isEqualTo(LongStream.rangeClosed(101, 110).boxed().toList());
    }
  }

  @Test
  void anAcknowledgedOffsetOffARecordBoundaryIsIgnored() throws IOException {
    Path dir = root.resolve("offset");
    acknowledgeSomeOf(dir);
    String state = Files.readString(dir.resolve("state"));
    assertThat(state).isEqualTo("normal 1 " + 4L * LEN + " 4\n");
    Files.writeString(
        dir.resolve("state"), "normal 1 " + (4L * LEN - 3) + " 4\n", StandardCharsets.UTF_8);

    try (DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null)) {
      assertThat(drain(buffer)).isEqualTo(LongStream.rangeClosed(101, 110).boxed().toList());
    }
  }

  @Test
  void theAcknowledgedPositionSurvivesAReopen() throws IOException {
    Path dir = root.resolve("kept");
    acknowledgeSomeOf(dir);

    try (DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null)) {
      assertThat(drain(buffer)).isEqualTo(LongStream.rangeClosed(105, 110).boxed().toList());
    }
    // everything acknowledged: the segment is gone on the next open
    try (DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null)) {
      assertThat(buffer.stats().bytes()).isZero();
    }
    try (Stream<Path> files = Files.list(dir.resolve("normal"))) {
      assertThat(files).isEmpty();
    }
  }

  private static void acknowledgeSomeOf(Path dir) {
    try (DurableBuffer buffer = new DurableBuffer(dir, SETTINGS, null)) {
      LongStream.rangeClosed(101, 110).forEach(s -> buffer.append(normal(s)));
      buffer.sync();
      buffer.acknowledge(buffer.next(4));
    }
  }
}
