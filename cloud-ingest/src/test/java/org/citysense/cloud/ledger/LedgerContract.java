package org.citysense.cloud.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.citysense.cloud.ingest.Accepted;
import org.citysense.cloud.ingest.IngestReply;
import org.citysense.cloud.ingest.Rejection;
import org.citysense.cloud.testdb.DatabaseContract;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dedup on (gateway, seq) and the replay of earlier replies, in the relational store. */
public abstract class LedgerContract extends DatabaseContract {
  private JdbcDeliveryLedger ledger;

  @BeforeEach
  void createLedger() {
    ledger = new JdbcDeliveryLedger(db);
  }

  /** Readings with these seqs, accepted from the gateway. */
  static Accepted accepted(String gatewayId, List<Long> seqs) {
    return new Accepted(
        gatewayId,
        Instant.parse("2026-11-22T08:00:00Z"),
        seqs.stream()
            .map(
                seq ->
                    new WireReading(
                        seq,
                        "pm-1",
                        "pm2_5",
                        Quantity.PM2_5,
                        Value.of(35.0),
                        "µg/m³",
                        1_795_334_400_000L,
                        Quality.GOOD))
            .toList(),
        List.of(),
        List.of());
  }

  private static IngestReply reply(String batchId) {
    return new IngestReply(
        batchId, 2, 1, List.of(new Rejection(9, "unknown device pm-x")), -1500, false);
  }

  @Test
  void aReplayedBatchGetsItsEarlierReply() {
    assertThat(ledger.reply("gw-a", "b-1")).isEmpty();

    ledger.record(reply("b-1"), accepted("gw-a", List.of(1L, 2L)));

    assertThat(ledger.reply("gw-a", "b-1")).contains(reply("b-1"));
    assertThat(ledger.reply("gw-b", "b-1")).as("batch ids are per gateway").isEmpty();
  }

  @Test
  void storedSeqsAreKnownPerGateway() {
    ledger.record(reply("b-1"), accepted("gw-a", List.of(1L, 2L, 3L)));

    assertThat(ledger.alreadyStored("gw-a", List.of(2L, 3L, 4L))).containsExactlyInAnyOrder(2L, 3L);
    assertThat(ledger.alreadyStored("gw-b", List.of(2L, 3L))).isEmpty();
    assertThat(ledger.alreadyStored("gw-a", List.of())).isEmpty();
  }

  @Test
  void asksAboutMoreSeqsThanOneQueryTakes() {
    List<Long> stored = LongStream.range(0, 1_200).boxed().toList();
    ledger.record(reply("big"), accepted("gw-a", stored));

    List<Long> asked = LongStream.range(600, 1_800).boxed().toList();
    assertThat(ledger.alreadyStored("gw-a", asked)).hasSize(600).contains(600L, 1_199L);
  }

  @Test
  void recordingTheSameBatchTwiceKeepsTheFirstReply() {
    ledger.record(reply("b-1"), accepted("gw-a", List.of(1L)));
    IngestReply second = new IngestReply("b-1", 0, 1, List.of(), 0, false);

    ledger.record(second, accepted("gw-a", List.of(1L)));

    assertThat(ledger.reply("gw-a", "b-1")).contains(reply("b-1"));
    assertThat(ledger.alreadyStored("gw-a", List.of(1L))).containsExactly(1L);
  }
}
