package org.citysense.cloud.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.ingest.Accepted;
import org.citysense.cloud.ingest.IngestReply;
import org.citysense.cloud.ledger.JdbcDeliveryLedger;
import org.citysense.cloud.testdb.DatabaseContract;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.DeviceState;
import org.citysense.profiles.wire.EdgeAction;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-off log in the relational store: a batch is recorded by the ledger and in the log
 * together or not at all, positions are dense and read in order, and they never repeat.
 */
public abstract class HandOffLogContract extends DatabaseContract {
  private static final Instant AT = Instant.parse("2026-12-07T08:00:00.123456Z");
  private JdbcHandOffLog log;
  private JdbcDeliveryLedger ledger;

  @BeforeEach
  void createLog() {
    log = new JdbcHandOffLog(db);
    ledger = new JdbcDeliveryLedger(db, log::appendAndCommit);
  }

  private static WireReading reading(long seq) {
    return new WireReading(
        seq,
        "pm-1",
        "pm2_5",
        Quantity.PM2_5,
        Value.of(35.5),
        "µg/m³",
        1_795_334_400_000L + seq,
        Quality.GOOD);
  }

  private static Accepted accepted(String gateway, long... seqs) {
    return new Accepted(
        gateway,
        AT,
        LongStream.of(seqs).mapToObj(HandOffLogContract::reading).toList(),
        List.of(),
        List.of());
  }

  private void record(String batchId, Accepted accepted) {
    ledger.record(
        new IngestReply(batchId, accepted.readings().size(), 0, List.of(), 0, false), accepted);
  }

  @Test
  void aRecordedBatchIsInTheLogWithEveryItem() throws InterruptedException {
    EdgeEvent alarm =
        new EdgeEvent(
            7,
            "gas-1",
            "gas",
            EdgeEvent.RAISED,
            Value.of(25.0),
            ">= 20.0",
            1_795_334_400_500L,
            List.of(new EdgeAction("gas-1", "valve", Value.of(false), true, null)));
    StatusChange offline =
        new StatusChange(
            8, "pm-2", DeviceState.OFFLINE, "5 consecutive timeouts", 1_795_334_400_600L);
    Accepted sent =
        new Accepted("gw-a", AT, List.of(reading(5), reading(6)), List.of(offline), List.of(alarm));

    record("b-1", sent);

    List<LogEntry> read = log.read(0, 10, Duration.ZERO);
    assertThat(read).singleElement().satisfies(e -> assertThat(e.position()).isEqualTo(1));
    Accepted got = read.get(0).accepted();
    assertThat(got.readings()).isEqualTo(sent.readings());
    assertThat(got.edgeEvents()).isEqualTo(sent.edgeEvents());
    assertThat(got.statusChanges()).isEqualTo(sent.statusChanges());
    assertThat(got.gatewayId()).isEqualTo("gw-a");
    assertThat(got.acceptedAt()).isEqualTo(AT);
  }

  @Test
  void whenTheRecordFailsNeitherTheLedgerNorTheLogHasTheBatch() {
    JdbcDeliveryLedger failing =
        new JdbcDeliveryLedger(
            db,
            (c, a) -> {
              throw new SQLException("disk full");
            });
    Accepted a = accepted("gw-a", 1, 2);

    assertThatThrownBy(() -> failing.record(new IngestReply("b-1", 2, 0, List.of(), 0, false), a))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("disk full");

    assertThat(ledger.alreadyStored("gw-a", List.of(1L, 2L))).isEmpty();
    assertThat(ledger.reply("gw-a", "b-1")).isEmpty();
    assertThat(log.lag(0)).isEqualTo(Lag.NONE);
    record("b-1", a);
    assertThat(log.head()).as("a failed append gives its position to the next one").isEqualTo(1);
  }

  @Test
  void positionsAreDenseAndReadInOrderWhateverTheWritersDo() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String gateway = "gw-" + w;
        done.add(
            pool.submit(
                () -> {
                  for (int b = 0; b < 25; b++) {
                    record(gateway + "-" + b, accepted(gateway, b * 2L + 1, b * 2L + 2));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<LogEntry> all = new ArrayList<>();
    for (List<LogEntry> page; !(page = log.read(all.size(), 7, Duration.ZERO)).isEmpty(); ) {
      all.addAll(page);
    }
    assertThat(all)
        .extracting(LogEntry::position)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
    assertThat(log.lag(40))
        .satisfies(
            l -> {
              assertThat(l.entries()).isEqualTo(60);
              assertThat(l.items()).isEqualTo(120);
              assertThat(l.oldest()).isEqualTo(AT);
            });
  }

  @Test
  void aReaderWaitingForTheNextEntryIsWokenByItsCommit() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<List<LogEntry>> waiting = pool.submit(() -> log.read(0, 10, Duration.ofSeconds(60)));
      Thread.sleep(100);
      record("b-1", accepted("gw-a", 1));
      assertThat(waiting.get(30, TimeUnit.SECONDS)).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void positionsNeverRepeatAfterARestartEvenWhenTheLogWasEmptied() {
    record("b-1", accepted("gw-a", 1));
    record("b-2", accepted("gw-a", 2));
    new RuleCheckpoints(db).save(RuleRuntime.CONSUMER, new Checkpoint(2, AT, new byte[] {1}));
    log.discardUpTo(2);
    assertThat(log.lag(0)).isEqualTo(Lag.NONE);

    JdbcHandOffLog restarted = new JdbcHandOffLog(db);
    new JdbcDeliveryLedger(db, restarted::appendAndCommit)
        .record(new IngestReply("b-3", 1, 0, List.of(), 0, false), accepted("gw-a", 3));

    assertThat(restarted.head()).isEqualTo(3);
  }

  @Test
  void aNodeThatLostItsPartitionCannotSaveOverTheNewOwnersCheckpoint() {
    RuleCheckpoints checkpoints = new RuleCheckpoints(db);
    long first = checkpoints.claim("rules-p3", AT);
    assertThat(checkpoints.load("rules-p3")).as("claimed, no checkpoint yet").isEmpty();
    checkpoints.save("rules-p3", new Checkpoint(10, AT, new byte[] {1}), first);

    long second = checkpoints.claim("rules-p3", AT.plusSeconds(7));
    checkpoints.save("rules-p3", new Checkpoint(12, AT.plusSeconds(8), new byte[] {2}), second);

    assertThat(second).isGreaterThan(first);
    assertThatThrownBy(
            () ->
                checkpoints.save(
                    "rules-p3", new Checkpoint(11, AT.plusSeconds(9), new byte[] {3}), first))
        .isInstanceOf(RuleCheckpoints.Fenced.class)
        .hasMessageContaining("rules-p3");
    Checkpoint kept = checkpoints.load("rules-p3").orElseThrow();
    assertThat(kept.position()).isEqualTo(12);
    assertThat(kept.state()).containsExactly(2);
    assertThat(checkpoints.load("rules-p4")).isEmpty();
  }
}
