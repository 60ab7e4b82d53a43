package org.citysense.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.agent.buffer.TestItems.alarm;
import static org.citysense.agent.buffer.TestItems.edge;
import static org.citysense.agent.buffer.TestItems.normal;
import static org.citysense.agent.buffer.TestItems.recordBytes;
import static org.citysense.agent.buffer.TestItems.seqs;
import static org.citysense.agent.buffer.TestItems.status;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.citysense.profiles.wire.Counters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableBufferTest {
  /** No background sync during a test: the tests call sync() themselves. */
  private static final Duration NEVER = Duration.ofHours(1);

  @TempDir Path dir;

  private final List<DurableBuffer> open = new ArrayList<>();

  @AfterEach
  void closeAll() {
    open.forEach(DurableBuffer::close);
  }

  private DurableBuffer buffer(BufferSettings settings) {
    DurableBuffer buffer = new DurableBuffer(dir, settings, null);
    open.add(buffer);
    return buffer;
  }

  private DurableBuffer buffer() {
    return buffer(new BufferSettings(1 << 30, 1 << 20, NEVER));
  }

  /** Segments of exactly {@code perSegment} test readings (seqs of three digits). */
  private static BufferSettings segmentsOf(int perSegment, long maxRecords) {
    int len = recordBytes(normal(100));
    assertThat(recordBytes(alarm(100))).isEqualTo(len);
    return new BufferSettings(maxRecords * len, (long) perSegment * len, NEVER);
  }

  private static void appendAll(DurableBuffer buffer, List<Item> items) {
    items.forEach(buffer::append);
  }

  @Test
  void itemsOfEveryKindComeBackAsAppendedPriorityFirst() {
    DurableBuffer buffer = buffer();
    List<Item> items = List.of(normal(1), alarm(2), status(3), normal(4), edge(5));
    appendAll(buffer, items);
    buffer.sync();

    Pending pending = buffer.next(10);

    assertThat(pending.items())
        .containsExactly(items.get(1), items.get(2), items.get(4), items.get(0), items.get(3));
    buffer.acknowledge(pending);
    assertThat(buffer.next(10).isEmpty()).isTrue();
    assertThat(buffer.stats().depth()).isZero();
  }

  @Test
  void priorityItemsGoAheadOfANormalBacklog() {
    DurableBuffer buffer = buffer();
    LongStream.rangeClosed(1, 5).forEach(s -> buffer.append(normal(s)));
    LongStream.rangeClosed(6, 8).forEach(s -> buffer.append(alarm(s)));
    buffer.sync();

    Pending first = buffer.next(4);
    assertThat(seqs(first.items())).containsExactly(6L, 7L, 8L, 1L);
    buffer.acknowledge(first);
    assertThat(seqs(buffer.next(10).items())).containsExactly(2L, 3L, 4L, 5L);
  }

  @Test
  void itemsNotYetSyncedAreNotHandedOut() {
    DurableBuffer buffer = buffer();
    buffer.append(normal(1));
    buffer.append(alarm(2));

    assertThat(buffer.next(10).isEmpty()).isTrue();
    assertThat(buffer.stats().depth()).isEqualTo(2);

    buffer.sync();
    buffer.append(normal(3));
    assertThat(seqs(buffer.next(10).items())).containsExactly(2L, 1L);
  }

  @Test
  void reopeningKeepsWhatWasNotAcknowledgedAndDropsWhatWas() {
    DurableBuffer buffer = buffer();
    LongStream.rangeClosed(1, 10).forEach(s -> buffer.append(normal(s)));
    buffer.append(alarm(11));
    buffer.sync();
    buffer.acknowledge(buffer.next(5));
    buffer.append(normal(12)); // not synced: close() syncs it
    buffer.close();

    DurableBuffer reopened = buffer();
    assertThat(seqs(reopened.next(100).items())).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 12L);
    assertThat(reopened.stats().normalDepth()).isEqualTo(7);
    assertThat(reopened.stats().priorityDepth()).isZero();
  }

  @Test
  void aFailedSendGetsTheSameItemsAgain() {
    DurableBuffer buffer = buffer();
    LongStream.rangeClosed(1, 10).forEach(s -> buffer.append(normal(s)));
    buffer.append(status(11));
    buffer.sync();

    Pending first = buffer.next(5);
    Pending again = buffer.next(5);

    assertThat(again.items()).isEqualTo(first.items());
    assertThat(seqs(first.items())).containsExactly(11L, 1L, 2L, 3L, 4L);
    buffer.acknowledge(again);
    assertThat(seqs(buffer.next(3).items())).containsExactly(5L, 6L, 7L);
  }

  @Test
  void aBacklogLeavesAQuarterOfTheBatchToTheNewestSegment() {
    DurableBuffer buffer = buffer(segmentsOf(4, 1_000));
    LongStream.range(100, 200).forEach(s -> buffer.append(normal(s))); // 25 segments of 4
    buffer.sync();

    Pending first = buffer.next(20);
    // 16 from the oldest segments, 4 (a quarter of 20, all the newest segment has) live
    List<Long> expected = new ArrayList<>(LongStream.range(100, 116).boxed().toList());
    expected.addAll(List.of(196L, 197L, 198L, 199L));
    assertThat(seqs(first.items())).isEqualTo(expected);
    buffer.acknowledge(first);

    // the live segment is drained: the backlog goes on in order
    assertThat(seqs(buffer.next(20).items()))
        .isEqualTo(LongStream.range(116, 136).boxed().toList());

    // new live data: it comes along again
    buffer.append(normal(200));
    buffer.sync();
    Pending third = buffer.next(8);
    assertThat(seqs(third.items())).containsExactly(116L, 117L, 118L, 119L, 120L, 121L, 122L, 200L);
  }

  @Test
  void evictionDropsTheOldestNormalSegmentsFirstAndPriorityOnesLast() {
    // 4 records per segment, a budget of 10 records
    DurableBuffer buffer = buffer(segmentsOf(4, 10));
    LongStream.rangeClosed(101, 105).forEach(s -> buffer.append(alarm(s))); // P1 101-104, P2 105
    LongStream.rangeClosed(201, 206).forEach(s -> buffer.append(normal(s))); // 206 evicts N1
    assertThat(buffer.counters()).isEqualTo(new Counters(4, 0));
    LongStream.rangeClosed(207, 210).forEach(s -> buffer.append(normal(s))); // 210 evicts N2
    assertThat(buffer.counters()).isEqualTo(new Counters(8, 0));
    // no normal segment left to evict but the one being written: P1 goes, P2 stays
    LongStream.rangeClosed(106, 109).forEach(s -> buffer.append(alarm(s)));
    assertThat(buffer.counters()).isEqualTo(new Counters(12, 0));
    buffer.sync();

    assertThat(seqs(buffer.next(100).items()))
        .containsExactly(105L, 106L, 107L, 108L, 109L, 209L, 210L);
    assertThat(buffer.stats().evicted()).isEqualTo(12);
    buffer.close();

    assertThat(buffer().counters()).isEqualTo(new Counters(12, 0));
  }

  @Test
  void evictionCountsOnlyWhatWasNotAcknowledged() {
    DurableBuffer buffer = buffer(segmentsOf(4, 10));
    LongStream.rangeClosed(101, 104).forEach(s -> buffer.append(normal(s)));
    buffer.sync();
    Pending pending = buffer.next(3);
    buffer.acknowledge(pending);
    LongStream.rangeClosed(105, 111).forEach(s -> buffer.append(normal(s))); // 111 evicts N1

    assertThat(buffer.counters().evicted()).isEqualTo(1);
  }

  @Test
  void itemsOnTheirWayWhenTheirSegmentIsEvictedAreNotLostIfTheCloudAnswers() {
    DurableBuffer buffer = buffer(segmentsOf(4, 10));
    LongStream.rangeClosed(101, 104).forEach(s -> buffer.append(normal(s)));
    buffer.sync();
    Pending onItsWay = buffer.next(3); // 101-103 on their way, 104 waits
    LongStream.rangeClosed(105, 111).forEach(s -> buffer.append(normal(s))); // 111 evicts N1
    assertThat(buffer.counters().evicted()).as("only 104 is surely lost").isEqualTo(1);

    buffer.acknowledge(onItsWay); // the cloud has 101-103
    buffer.sync();
    assertThat(seqs(buffer.next(100).items())).startsWith(105L);
    assertThat(buffer.counters().evicted()).isEqualTo(1);
  }

  @Test
  void itemsOnTheirWayWhenTheirSegmentIsEvictedAreLostIfTheBatchFails() {
    DurableBuffer buffer = buffer(segmentsOf(4, 10));
    LongStream.rangeClosed(101, 104).forEach(s -> buffer.append(normal(s)));
    buffer.sync();
    buffer.next(3); // 101-103 on their way; the send fails, no acknowledgement
    LongStream.rangeClosed(105, 111).forEach(s -> buffer.append(normal(s))); // 111 evicts N1
    buffer.sync();

    assertThat(seqs(buffer.next(100).items())).startsWith(105L);
    assertThat(buffer.counters().evicted()).isEqualTo(4);
  }

  @Test
  void itemsOnTheirWayWhenTheirSegmentIsEvictedAndTheAgentStopsAreCountedAsLost() {
    BufferSettings settings = segmentsOf(4, 10);
    DurableBuffer buffer = buffer(settings);
    LongStream.rangeClosed(101, 104).forEach(s -> buffer.append(normal(s)));
    buffer.sync();
    buffer.next(3); // 101-103 on their way; the agent stops before any answer
    LongStream.rangeClosed(105, 111).forEach(s -> buffer.append(normal(s))); // 111 evicts N1
    buffer.close();

    DurableBuffer again = buffer(settings);
    assertThat(seqs(again.next(100).items())).startsWith(105L);
    assertThat(again.counters().evicted()).isEqualTo(4);
  }

  @Test
  void rejectedItemsAreCountedAcrossRestarts() {
    DurableBuffer buffer = buffer();
    buffer.countRejected(3);
    buffer.countRejected(2);
    assertThat(buffer.counters()).isEqualTo(new Counters(0, 5));
    buffer.close();

    DurableBuffer reopened = buffer();
    assertThat(reopened.counters()).isEqualTo(new Counters(0, 5));
    assertThat(reopened.stats().rejected()).isEqualTo(5);
  }

  @Test
  void statsShowDepthsBytesOldestAndTaken() {
    DurableBuffer buffer = buffer();
    assertThat(buffer.stats()).isEqualTo(new BufferStats(0, 0, 0, -1, 0, 0, 0));
    List<Item> items =
        List.of(
            normal(101, 1000),
            alarm(102, 1500),
            normal(103, 2000),
            alarm(104, 2500),
            normal(105, 3000));
    appendAll(buffer, items);
    long bytes = items.stream().mapToLong(TestItems::recordBytes).sum();

    assertThat(buffer.stats()).isEqualTo(new BufferStats(2, 3, bytes, 1000, 0, 0, 0));
    buffer.sync();
    assertThat(buffer.stats()).isEqualTo(new BufferStats(2, 3, bytes, 1000, 0, 0, 5));

    buffer.acknowledge(buffer.next(3)); // 102, 104, 101
    buffer.countRejected(1);
    assertThat(buffer.stats()).isEqualTo(new BufferStats(0, 2, bytes, 2000, 0, 1, 5));
  }

  @Test
  void onTakenGetsExactlyTheSyncedSeqsInOrder() {
    List<Long> taken = new CopyOnWriteArrayList<>();
    DurableBuffer buffer =
        new DurableBuffer(dir, new BufferSettings(1 << 30, 1 << 20, NEVER), taken::add);
    open.add(buffer);
    LongStream.rangeClosed(1, 5).forEach(s -> buffer.append(normal(s)));
    assertThat(taken).isEmpty();

    buffer.sync();
    assertThat(taken).containsExactly(1L, 2L, 3L, 4L, 5L);

    buffer.append(alarm(6));
    buffer.append(normal(7));
    buffer.sync();
    buffer.sync();
    assertThat(taken).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(buffer.stats().taken()).isEqualTo(7);
  }

  @Test
  void theBackgroundThreadSyncsByItself() throws InterruptedException {
    List<Long> taken = new CopyOnWriteArrayList<>();
    DurableBuffer buffer =
        new DurableBuffer(
            dir, new BufferSettings(1 << 30, 1 << 20, Duration.ofMillis(10)), taken::add);
    open.add(buffer);
    buffer.append(normal(1));
    buffer.append(alarm(2));

    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (taken.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(taken).containsExactly(1L, 2L);
    assertThat(seqs(buffer.next(10).items())).containsExactly(2L, 1L);
  }

  @Test
  void appendsFromManyThreadsAllArrive() throws InterruptedException {
    DurableBuffer buffer = buffer(segmentsOf(50, 1_000_000));
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      long base = 1000 + t * 1000L;
      threads.add(
          new Thread(
              () -> LongStream.range(base, base + 500).forEach(s -> buffer.append(normal(s)))));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    buffer.sync();

    List<Long> drained = new ArrayList<>();
    for (Pending p = buffer.next(77); !p.isEmpty(); p = buffer.next(77)) {
      drained.addAll(seqs(p.items()));
      buffer.acknowledge(p);
    }
    assertThat(drained).hasSize(2000).doesNotHaveDuplicates();
    assertThat(buffer.stats().depth()).isZero();
  }
}
