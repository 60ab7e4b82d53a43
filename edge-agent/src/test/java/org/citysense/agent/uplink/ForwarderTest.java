package org.citysense.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.agent.uplink.TestItems.alarm;
import static org.citysense.agent.uplink.TestItems.edge;
import static org.citysense.agent.uplink.TestItems.reading;
import static org.citysense.agent.uplink.TestItems.status;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.citysense.agent.buffer.Item;
import org.citysense.agent.buffer.Pending;
import org.citysense.agent.driver.Backoff;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwarderTest {
  private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
  private static final GatewayClock NTP = new GatewayClock(true, "ntp", 1);

  private final FakeOutbox outbox = new FakeOutbox();
  private final FakeUplink uplink = new FakeUplink();
  private final List<Duration> waits = new ArrayList<>();
  private Forwarder forwarder;
  @TempDir Path dir;

  @AfterEach
  void closeForwarder() {
    if (forwarder != null) {
      forwarder.close();
    }
  }

  /** A forwarder driven round by round on the test thread; waits are recorded, not slept. */
  private Forwarder forwarder(int batchSize, Duration linger) {
    UplinkSettings settings =
        UplinkSettings.http(URI.create("http://cloud.invalid"), "secret")
            .withBatching(batchSize, linger)
            .withTimeout(Duration.ofMillis(200));
    forwarder =
        new Forwarder(
            "gw-1",
            outbox,
            uplink,
            settings,
            () -> NTP,
            Clock.fixed(NOW, ZoneOffset.UTC),
            new Quarantine(dir),
            null,
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)),
            waits::add);
    return forwarder;
  }

  private static UplinkException unreachable() {
    return new UplinkException("cannot connect", null, false, null);
  }

  private static List<Long> seqs(Batch batch) {
    List<Long> seqs = new ArrayList<>();
    batch.readings().forEach(r -> seqs.add(r.seq()));
    batch.statusChanges().forEach(s -> seqs.add(s.seq()));
    batch.edgeEvents().forEach(e -> seqs.add(e.seq()));
    return seqs;
  }

  @Test
  void sendsPriorityItemsFirstAndSplitsThemByKindInOrder() throws Exception {
    outbox.append(reading(1), reading(2), alarm(3), status(4), edge(5), reading(6));
    Forwarder f = forwarder(500, Duration.ZERO);

    f.round();

    Batch batch = uplink.sent().get(0);
    assertThat(batch.readings()).extracting(WireReading::seq).containsExactly(3L, 1L, 2L, 6L);
    assertThat(batch.statusChanges()).extracting(StatusChange::seq).containsExactly(4L);
    assertThat(batch.edgeEvents()).extracting(e -> e.seq()).containsExactly(5L);
    assertThat(batch.gatewayId()).isEqualTo("gw-1");
    assertThat(batch.sentAt()).isEqualTo(NOW.toEpochMilli());
    assertThat(batch.clock()).isEqualTo(NTP);
    assertThat(outbox.waiting()).isZero();
  }

  @Test
  void anItemTheCloudRefusesByNameGoesToQuarantineAndAnAlarmBehindItWaitsOneSend()
      throws Exception {
    for (long seq = 1; seq <= 40; seq++) {
      outbox.append(reading(seq));
    }
    outbox.append(alarm(41));
    uplink.refusing(30, true);
    Forwarder f = forwarder(500, Duration.ZERO);

    while (outbox.waiting() > 0) {
      f.round();
    }

    List<Batch> sent = uplink.sent();
    // refused whole; then what precedes the item, the alarm first; then from the item on, refused
    // again; the item alone, refused, set aside; the rest at the full size again
    assertThat(sent).hasSize(5);
    assertThat(seqs(sent.get(1))).startsWith(41L).hasSize(30).doesNotContain(30L);
    assertThat(seqs(sent.get(2))).startsWith(30L).hasSize(11);
    assertThat(seqs(sent.get(3))).containsExactly(30L);
    assertThat(seqs(sent.get(4))).hasSize(10).doesNotContain(30L);
    assertThat(waits).as("no backoff: the cloud is fine").isEmpty();
    assertThat(outbox.counters().quarantined()).isEqualTo(1);
    List<String> lines = Files.readAllLines(dir.resolve(Quarantine.FILE));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .contains("\"seq\":30")
        .contains("readings[0].unit: \\\"ppb\\\" is not the canonical unit of pm2_5");
  }

  @Test
  void withoutAFieldNamedTheBatchIsHalvedUntilTheItemIsAlone() throws Exception {
    for (long seq = 1; seq <= 64; seq++) {
      outbox.append(reading(seq));
    }
    uplink.refusing(45, false);
    Forwarder f = forwarder(64, Duration.ZERO);

    while (outbox.waiting() > 0) {
      f.round();
    }

    assertThat(outbox.counters().quarantined()).isEqualTo(1);
    List<Long> passed = new ArrayList<>();
    for (Pending p : outbox.acknowledged()) {
      p.items().forEach(i -> passed.add(i.seq()));
    }
    assertThat(passed).hasSize(64).doesNotHaveDuplicates();
    assertThat(Files.readString(dir.resolve(Quarantine.FILE))).contains("\"seq\":45");
    assertThat(uplink.sent()).hasSizeLessThan(20); // log2(64) steps, not one send per item
  }

  @Test
  void whenTheCloudRefusesEveryItemAloneItIsNotTheItemsFault() throws Exception {
    for (long seq = 1; seq <= 30; seq++) {
      outbox.append(reading(seq));
    }
    Forwarder f = forwarder(1, Duration.ZERO);
    for (long seq = 1; seq <= 30; seq++) {
      uplink.then(new BatchRefusedException("refused (400)", "v", "version 1 is not supported"));
    }

    for (int round = 0; round < 30; round++) {
      f.round();
    }

    assertThat(outbox.counters().quarantined()).isEqualTo(PoisonItems.MAX_SET_ASIDE_IN_A_ROW);
    assertThat(outbox.waiting()).isEqualTo(30 - PoisonItems.MAX_SET_ASIDE_IN_A_ROW);
    assertThat(waits).as("then retried after a backoff, as any failure").isNotEmpty();
  }

  @Test
  void sendsOnlyThePriorityLaneWhenItFillsTheBatch() throws Exception {
    outbox.append(reading(1), alarm(2), status(3), edge(4));
    Forwarder f = forwarder(2, Duration.ZERO);

    f.round();

    assertThat(seqs(uplink.sent().get(0))).containsExactly(2L, 3L);
  }

  @Test
  void acknowledgesOnlyAfterTheCloudAnswered() throws Exception {
    outbox.append(reading(1), reading(2));
    uplink.then(unreachable());
    Forwarder f = forwarder(500, Duration.ZERO);

    f.round();

    assertThat(outbox.acknowledged()).isEmpty();
    assertThat(outbox.waiting()).isEqualTo(2);

    f.round();

    assertThat(outbox.acknowledged()).hasSize(1);
    assertThat(outbox.acknowledged().get(0).items()).extracting(Item::seq).containsExactly(1L, 2L);
    assertThat(outbox.waiting()).isZero();
  }

  @Test
  void retriesTheSameItemsWithTheSameBatchIdAfterDoublingWaits() throws Exception {
    outbox.append(reading(7), reading(8), reading(9));
    uplink.then(unreachable()).then(unreachable()).then(unreachable());
    Forwarder f = forwarder(500, Duration.ZERO);

    for (int i = 0; i < 4; i++) {
      f.round();
    }

    assertThat(uplink.sent()).hasSize(4);
    assertThat(uplink.sent()).extracting(ForwarderTest::seqs).containsOnly(List.of(7L, 8L, 9L));
    assertThat(uplink.sent())
        .extracting(Batch::batchId)
        .containsOnly("gw-1-7-3-" + digestOf(7, 8, 9));
    assertThat(waits)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(outbox.acknowledged()).hasSize(1);
  }

  private static String digestOf(long... seqs) {
    List<Item> items = new ArrayList<>();
    for (long seq : seqs) {
      items.add(reading(seq));
    }
    String id = Forwarder.batchId("x", items);
    return id.substring(id.lastIndexOf('-') + 1);
  }

  @Test
  void startsTheBackoffAgainAfterASuccess() throws Exception {
    outbox.append(reading(1));
    uplink.then(unreachable()).then(unreachable());
    Forwarder f = forwarder(500, Duration.ZERO);
    f.round();
    f.round();
    f.round(); // answered

    outbox.append(reading(2));
    uplink.then(unreachable());
    f.round();

    assertThat(waits)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
  }

  @Test
  void waitsAtLeastAsLongAsTheCloudAsks() throws Exception {
    outbox.append(reading(1));
    uplink
        .then(new UplinkException("busy", Duration.ofSeconds(30), false, null))
        .then(new UplinkException("busy", Duration.ofMillis(10), false, null))
        .then(new UplinkException("busy", Duration.ofDays(2), false, null));
    Forwarder f = forwarder(500, Duration.ZERO);

    f.round();
    f.round();
    f.round();

    // the cloud's 30 s over the backoff's 1 s; the backoff's 2 s over 10 ms; two days capped
    assertThat(waits)
        .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(2), Forwarder.MAX_RETRY_AFTER);
    assertThat(outbox.acknowledged()).isEmpty();
  }

  @Test
  void countsRejectedItemsAndNeverSendsThemAgain() throws Exception {
    outbox.append(reading(1), reading(2), reading(3), reading(4));
    uplink.then(
        new UplinkReply(
            2,
            0,
            List.of(
                new UplinkReply.Rejected(2, "unknown device pm-st01"),
                new UplinkReply.Rejected(4, "unknown device pm-st01")),
            -40,
            false));
    Forwarder f = forwarder(500, Duration.ZERO);

    f.round();
    f.round(); // nothing left: lingers for zero and sends nothing

    assertThat(outbox.rejected()).isEqualTo(2);
    assertThat(outbox.waiting()).isZero();
    assertThat(uplink.sent()).hasSize(1);

    outbox.append(reading(5));
    f.round();
    assertThat(uplink.sent()).hasSize(2);
    assertThat(seqs(uplink.sent().get(1))).containsExactly(5L);
    assertThat(uplink.sent().get(1).counters().rejected()).isEqualTo(2);
  }

  @Test
  void halvesTheBatchSizeAfterTooLargeAndSendsAtOnce() throws Exception {
    for (long seq = 1; seq <= 10; seq++) {
      outbox.append(reading(seq));
    }
    uplink.then(new BatchTooLargeException("too large")).then(new BatchTooLargeException("too"));
    Forwarder f = forwarder(8, Duration.ZERO);

    f.round(); // 8: too large
    f.round(); // 4: too large
    f.round(); // 2: answered
    f.round(); // 2 more

    assertThat(uplink.sent()).extracting(b -> b.readings().size()).containsExactly(8, 4, 2, 2);
    assertThat(waits).isEmpty();
    assertThat(f.stats().batchSize()).isEqualTo(2);
    assertThat(outbox.waiting()).isEqualTo(6);
  }

  @Test
  void halvesNoFurtherThanOneItemAndThenBacksOff() throws Exception {
    outbox.append(reading(1));
    uplink.then(new BatchTooLargeException("too large"));
    Forwarder f = forwarder(1, Duration.ZERO);

    f.round();

    assertThat(f.stats().batchSize()).isEqualTo(1);
    assertThat(waits).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void recordsSuccessesAndFailuresInTheStats() throws Exception {
    outbox.append(reading(1), reading(2), status(3));
    uplink.then(Refusals.of(401, "unknown or revoked token", null, null));
    Forwarder f = forwarder(500, Duration.ZERO);

    f.round();

    ForwarderStats failed = f.stats();
    assertThat(failed.needsPeople()).isTrue();
    assertThat(failed.consecutiveFailures()).isEqualTo(1);
    assertThat(failed.lastError()).contains("refused the gateway token (401)");
    assertThat(failed.lastAttemptAt()).isEqualTo(NOW);
    assertThat(failed.lastSuccessAt()).isNull();

    uplink.then(new UplinkReply(3, 0, List.of(), 1234, true));
    f.round();

    ForwarderStats ok = f.stats();
    assertThat(ok.needsPeople()).isFalse();
    assertThat(ok.lastError()).isNull();
    assertThat(ok.consecutiveFailures()).isZero();
    assertThat(ok.lastSuccessAt()).isEqualTo(NOW);
    assertThat(ok.batchesSent()).isEqualTo(1);
    assertThat(ok.readingsSent()).isEqualTo(2);
    assertThat(ok.clockOffsetMs()).isEqualTo(1234);
    assertThat(ok.clockFlagged()).isTrue();
  }

  @Test
  void givesTheSameItemsTheSameBatchIdAndOtherItemsAnother() {
    List<Item> items = List.of(alarm(5), reading(1), reading(2));

    String id = Forwarder.batchId("gw-1", items);

    assertThat(id).startsWith("gw-1-5-3-").hasSize("gw-1-5-3-".length() + 16);
    assertThat(Forwarder.batchId("gw-1", List.of(alarm(5), reading(1), reading(2)))).isEqualTo(id);
    // a new alarm ahead of the backlog pushes the last normal item out: same first seq and count
    assertThat(Forwarder.batchId("gw-1", List.of(alarm(5), alarm(9), reading(1)))).isNotEqualTo(id);
  }

  @Test
  void aNudgeSendsAtOnceInsteadOfLingering() throws Exception {
    Forwarder f = forwarder(500, Duration.ofHours(1));
    f.start();
    Poll.until(
        "the forwarder to find the outbox empty",
        Duration.ofSeconds(10),
        () -> outbox.nextCalls() >= 1);

    outbox.append(alarm(1));
    f.nudge();

    Poll.until("the alarm to be sent", Duration.ofSeconds(10), () -> uplink.sent().size() == 1);
    Poll.until("the alarm to be acknowledged", Duration.ofSeconds(10), () -> outbox.waiting() == 0);
  }

  @Test
  void closeAbandonsASendThatGetsNoAnswerAndAcknowledgesNothing() throws Exception {
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch closedUplink = new CountDownLatch(1);
    Uplink silent =
        new Uplink() {
          @Override
          public UplinkReply send(Batch batch) throws UplinkException {
            sending.countDown();
            try {
              closedUplink.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new UplinkException("closed", null, false, null);
          }

          @Override
          public String describe() {
            return "silent";
          }

          @Override
          public void close() {
            closedUplink.countDown();
          }
        };
    outbox.append(reading(1));
    UplinkSettings settings =
        UplinkSettings.http(URI.create("http://cloud.invalid"), "secret")
            .withTimeout(Duration.ofMillis(100));
    forwarder =
        new Forwarder("gw-1", outbox, silent, settings, () -> NTP, Clock.systemUTC(), null, null);
    forwarder.start();
    sending.await();

    forwarder.close();

    assertThat(closedUplink.getCount()).isZero();
    assertThat(outbox.acknowledged()).isEmpty();
    assertThat(outbox.waiting()).isEqualTo(1);
  }
}
