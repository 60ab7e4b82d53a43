package org.citysense.cloud.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.citysense.cloud.store.Bucket;
import org.citysense.cloud.store.ReadingStore;
import org.citysense.cloud.store.StoreUnavailableException;
import org.citysense.cloud.store.StoredReading;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.DeviceState;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.Test;

/**
 * The ingest's rules of delivery, with in-memory doubles for its three collaborators (a unit test
 * of this one class; the real store, ledger and registry are tested against real databases).
 */
class IngestServiceTest {
  private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
  private static final int MAX_ITEMS = 4;
  private final MemoryStore store = new MemoryStore();
  private final List<Accepted> handedOn = new ArrayList<>();
  private final MemoryLedger ledger = new MemoryLedger();
  private final IngestService ingest =
      new IngestService(
          new ReadingChecks(
              id ->
                  Map.of(
                          "pm-1", new DeviceRecord("pm-1", "gw-a", "pm25-rs485"),
                          "pm-9", new DeviceRecord("pm-9", "gw-b", "pm25-rs485"))
                      .entrySet()
                      .stream()
                      .filter(e -> e.getKey().equals(id))
                      .map(Map.Entry::getValue)
                      .findFirst(),
              ProfileCatalog.bundled()),
          ledger,
          store,
          Duration.ofMinutes(5),
          Duration.ofMinutes(2),
          MAX_ITEMS);

  private static WireReading pm(long seq, long ts) {
    return new WireReading(
        seq, "pm-1", "pm2_5", Quantity.PM2_5, Value.of(35.0), "µg/m³", ts, Quality.GOOD);
  }

  private static Batch batch(String id, long sentAt, WireReading... readings) {
    return new Batch(
        1,
        "gw-a",
        id,
        sentAt,
        new GatewayClock(true, "ntp", 1),
        List.of(readings),
        List.of(),
        List.of(),
        Counters.ZERO);
  }

  private static EdgeEvent gasAlarm(long seq, long ts) {
    return new EdgeEvent(seq, "pm-1", "gas", EdgeEvent.RAISED, Value.of(25.0), ">= 20.0", ts, null);
  }

  private static Batch withAlarm(String id, long sentAt, EdgeEvent alarm, WireReading... readings) {
    return new Batch(
        1,
        "gw-a",
        id,
        sentAt,
        new GatewayClock(true, "ntp", 1),
        List.of(readings),
        List.of(new StatusChange(alarm.seq() + 1, "pm-1", DeviceState.ONLINE, "back", alarm.ts())),
        List.of(alarm),
        Counters.ZERO);
  }

  private final long t = NOW.toEpochMilli() - 1000;

  @Test
  void newReadingsAreStoredAndHandedOn() {
    IngestReply reply = ingest.ingest("gw-a", batch("b1", t, pm(1, t), pm(2, t)), NOW);
    assertThat(reply.stored()).isEqualTo(2);
    assertThat(reply.duplicates()).isZero();
    assertThat(reply.rejected()).isEmpty();
    assertThat(store.count()).isEqualTo(2);
    assertThat(handedOn).singleElement().satisfies(a -> assertThat(a.readings()).hasSize(2));
  }

  @Test
  void whatIsHandedOnCarriesTheTimeOfArrival() {
    ingest.ingest("gw-a", batch("b1", t, pm(1, t)), NOW);
    assertThat(handedOn).singleElement().satisfies(a -> assertThat(a.acceptedAt()).isEqualTo(NOW));
  }

  @Test
  void aOneShotAlarmResentUnderANewBatchIdReachesTheRulesOnce() {
    ingest.ingest("gw-a", withAlarm("b1", t, gasAlarm(10, t), pm(9, t)), NOW);
    ingest.ingest("gw-a", withAlarm("b2", t, gasAlarm(10, t), pm(9, t), pm(12, t)), NOW);

    assertThat(handedOn).hasSize(2);
    assertThat(handedOn.get(0).edgeEvents()).hasSize(1);
    assertThat(handedOn.get(0).statusChanges()).hasSize(1);
    assertThat(handedOn.get(1).edgeEvents()).as("the alarm again").isEmpty();
    assertThat(handedOn.get(1).statusChanges()).as("the status change again").isEmpty();
    assertThat(handedOn.get(1).readings()).extracting(WireReading::seq).containsExactly(12L);
  }

  @Test
  void readingsResentUnderANewBatchIdAreStoredOnce() {
    ingest.ingest("gw-a", batch("b1", t, pm(1, t), pm(2, t)), NOW);
    IngestReply again = ingest.ingest("gw-a", batch("b2", t, pm(2, t), pm(3, t)), NOW);
    assertThat(again.stored()).isEqualTo(1);
    assertThat(again.duplicates()).isEqualTo(1);
    assertThat(store.count()).isEqualTo(3);
  }

  @Test
  void aReplayedBatchGetsItsEarlierReplyAndStoresNothing() {
    IngestReply first = ingest.ingest("gw-a", batch("b1", t, pm(1, t)), NOW);
    IngestReply replay = ingest.ingest("gw-a", batch("b1", t, pm(1, t)), NOW.plusSeconds(30));
    assertThat(replay).isEqualTo(first);
    assertThat(store.writes).isEqualTo(1);
  }

  @Test
  void aBatchForAnotherGatewayIsRefused() {
    assertThatThrownBy(() -> ingest.ingest("gw-b", batch("b1", t, pm(1, t)), NOW))
        .isInstanceOf(GatewayMismatchException.class)
        .hasMessage("the token belongs to gateway gw-b, but the batch is from gatewayId gw-a");
    assertThat(store.count()).isZero();
  }

  @Test
  void badReadingsAreRejectedBySeqWithTheirReasonAndTheRestStored() {
    WireReading unknown =
        new WireReading(
            5, "ghost", "pm2_5", Quantity.PM2_5, Value.of(1.0), "µg/m³", t, Quality.GOOD);
    WireReading foreign =
        new WireReading(
            6, "pm-9", "pm2_5", Quantity.PM2_5, Value.of(1.0), "µg/m³", t, Quality.GOOD);
    WireReading madeUp =
        new WireReading(
            7, "pm-1", "pm2_5_x", Quantity.PM2_5, Value.of(1.0), "µg/m³", t, Quality.GOOD);
    IngestReply reply =
        ingest.ingest("gw-a", batch("b1", t, pm(4, t), unknown, foreign, madeUp), NOW);
    assertThat(reply.stored()).isEqualTo(1);
    assertThat(reply.rejected())
        .containsExactly(
            new Rejection(5, "unknown device ghost"),
            new Rejection(6, "device pm-9 is not a device of gateway gw-a"),
            new Rejection(
                7,
                "unknown point pm2_5_x of device pm-1"
                    + " (profile pm25-rs485: humidity, pm10, pm2_5, temperature)"));
    assertThat(store.byKey.values()).extracting(WireReading::seq).containsExactly(4L);
  }

  @Test
  void aBatchOverTheItemLimitIsRefusedAsAWholeAndNothingOfItKept() {
    // three readings, a status change and an edge event: one item more than MAX_ITEMS
    Batch tooMany = withAlarm("b1", t, gasAlarm(10, t), pm(1, t), pm(2, t), pm(3, t));
    assertThatThrownBy(() -> ingest.ingest("gw-a", tooMany, NOW))
        .isInstanceOf(BatchTooLargeException.class)
        .hasMessage(
            "the batch has 5 items (readings, status changes and edge events), more than the 4"
                + " taken at once; send smaller batches");
    assertThat(store.count()).isZero();
    assertThat(handedOn).isEmpty();
    assertThat(ledger.reply("gw-a", "b1")).isEmpty();

    // exactly the limit is taken
    IngestReply atLimit =
        ingest.ingest("gw-a", withAlarm("b2", t, gasAlarm(10, t), pm(1, t), pm(2, t)), NOW);
    assertThat(atLimit.stored()).isEqualTo(2);
  }

  @Test
  void readingsTakenUnderAnotherClockThanTheBatchsAreStoredAtArrivalNotRefused() {
    // taken while the clock was 6 h fast, sent after NTP set it right: the batch's offset is 0
    long stepped = NOW.plus(Duration.ofHours(6)).toEpochMilli();
    long reset = Instant.parse("1970-01-01T00:03:00Z").toEpochMilli();
    IngestReply reply =
        ingest.ingest(
            "gw-a", batch("b1", NOW.toEpochMilli(), pm(7, stepped), pm(8, reset), pm(9, t)), NOW);
    assertThat(reply.rejected()).isEmpty();
    assertThat(reply.stored()).isEqualTo(3);
    assertThat(reply.clockFlagged()).as("the gateway's clock needs a look").isTrue();
    assertThat(store.byKey.values())
        .extracting(WireReading::seq, WireReading::ts)
        .containsExactlyInAnyOrder(
            tuple(7L, NOW.toEpochMilli()), tuple(8L, NOW.toEpochMilli()), tuple(9L, t));
  }

  @Test
  void aGatewayClockFarOffIsFlagged() {
    long tenMinutesSlow = NOW.minus(Duration.ofMinutes(10)).toEpochMilli();
    IngestReply reply = ingest.ingest("gw-a", batch("b1", tenMinutesSlow, pm(1, t)), NOW);
    assertThat(reply.clockOffsetMs()).isEqualTo(-600_000);
    assertThat(reply.clockFlagged()).isTrue();
  }

  @Test
  void aGatewayTenMinutesFastLosesNothingItsTimesAreCorrectedAndItIsFlagged() {
    long fast = Duration.ofMinutes(10).toMillis();
    long taken = NOW.toEpochMilli() + fast - 30_000; // 30 s ago on its fast clock
    IngestReply reply =
        ingest.ingest("gw-a", batch("b1", NOW.toEpochMilli() + fast, pm(1, taken)), NOW);
    assertThat(reply.rejected()).isEmpty();
    assertThat(reply.stored()).isEqualTo(1);
    assertThat(reply.clockOffsetMs()).isEqualTo(fast);
    assertThat(reply.clockFlagged()).isTrue();
    assertThat(store.byKey.values())
        .singleElement()
        .satisfies(r -> assertThat(r.ts()).isEqualTo(NOW.toEpochMilli() - 30_000));
  }

  @Test
  void aGatewayResetTo1970HasItsReadingsPutOnTheCloudsTime() {
    long sentAt = Instant.parse("1970-01-01T00:05:00Z").toEpochMilli();
    long taken = Instant.parse("1970-01-01T00:04:00Z").toEpochMilli();
    IngestReply reply = ingest.ingest("gw-a", batch("b1", sentAt, pm(1, taken)), NOW);
    assertThat(reply.stored()).isEqualTo(1);
    assertThat(reply.clockFlagged()).isTrue();
    assertThat(store.byKey.values())
        .singleElement()
        .satisfies(
            r -> assertThat(r.ts()).isEqualTo(NOW.minus(Duration.ofMinutes(1)).toEpochMilli()));
  }

  @Test
  void whenTheStoreIsDownNothingIsRecordedAndTheRetryStoresOnce() {
    store.down = true;
    assertThatThrownBy(() -> ingest.ingest("gw-a", batch("b1", t, pm(1, t)), NOW))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(ledger.reply("gw-a", "b1")).isEmpty();
    store.down = false;
    IngestReply retry = ingest.ingest("gw-a", batch("b1", t, pm(1, t)), NOW);
    assertThat(retry.stored()).isEqualTo(1);
    assertThat(store.count()).isEqualTo(1);
  }

  /** Keeps readings in a map keyed by (gateway, seq), as the real stores key them. */
  private static final class MemoryStore implements ReadingStore {
    final Map<String, WireReading> byKey = new HashMap<>();
    int writes;
    boolean down;

    @Override
    public void write(String gatewayId, List<WireReading> readings) {
      if (down) {
        throw new StoreUnavailableException("store down", null);
      }
      writes++;
      readings.forEach(r -> byKey.put(gatewayId + "/" + r.seq(), r));
    }

    int count() {
      return byKey.size();
    }

    @Override
    public List<StoredReading> readings(
        String deviceId, String quantity, Instant from, Instant to, int offset, int limit) {
      return List.of();
    }

    @Override
    public List<Bucket> aggregate(
        String deviceId, String quantity, Instant from, Instant to, Duration every) {
      return List.of();
    }

    @Override
    public List<StoredReading> latest(List<String> deviceIds) {
      return List.of();
    }

    @Override
    public long deleteBefore(Instant before) {
      return 0;
    }

    @Override
    public void close() {}
  }

  /** Remembers seqs and replies; what it records is what the rules' log would get. */
  private final class MemoryLedger implements DeliveryLedger {
    final Set<String> stored = new HashSet<>();
    final Map<String, IngestReply> replies = new HashMap<>();

    @Override
    public Set<Long> alreadyStored(String gatewayId, Collection<Long> seqs) {
      Set<Long> seen = new HashSet<>();
      seqs.stream().filter(s -> stored.contains(gatewayId + "/" + s)).forEach(seen::add);
      return seen;
    }

    @Override
    public void record(IngestReply reply, Accepted accepted) {
      String gw = accepted.gatewayId();
      accepted.readings().forEach(r -> stored.add(gw + "/" + r.seq()));
      accepted.statusChanges().forEach(c -> stored.add(gw + "/" + c.seq()));
      accepted.edgeEvents().forEach(e -> stored.add(gw + "/" + e.seq()));
      replies.put(gw + "/" + reply.batchId(), reply);
      handedOn.add(accepted);
    }

    @Override
    public Optional<IngestReply> reply(String gatewayId, String batchId) {
      return Optional.ofNullable(replies.get(gatewayId + "/" + batchId));
    }
  }
}
