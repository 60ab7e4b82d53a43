package org.citysense.cloud.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.citysense.cloud.ingest.IngestReply;
import org.citysense.cloud.ingest.Rejection;
import org.citysense.cloud.testdb.DatabaseContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dedup on (gateway, seq) and the replay of earlier replies, in the relational store. */
public abstract class LedgerContract extends DatabaseContract {
  private JdbcDeliveryLedger ledger;

  @BeforeEach
  void createLedger() {
    ledger = new JdbcDeliveryLedger(db);
  }

  private static IngestReply reply(String batchId) {
    return new IngestReply(
        batchId, 2, 1, List.of(new Rejection(9, "unknown device pm-x")), -1500, false);
  }

  @Test
  void aReplayedBatchGetsItsEarlierReply() {
    assertThat(ledger.reply("gw-a", "b-1")).isEmpty();

    ledger.record("gw-a", List.of(1L, 2L), reply("b-1"));

    assertThat(ledger.reply("gw-a", "b-1")).contains(reply("b-1"));
    assertThat(ledger.reply("gw-b", "b-1")).as("batch ids are per gateway").isEmpty();
  }

  @Test
  void storedSeqsAreKnownPerGateway() {
    ledger.record("gw-a", List.of(1L, 2L, 3L), reply("b-1"));

    assertThat(ledger.alreadyStored("gw-a", List.of(2L, 3L, 4L))).containsExactlyInAnyOrder(2L, 3L);
    assertThat(ledger.alreadyStored("gw-b", List.of(2L, 3L))).isEmpty();
    assertThat(ledger.alreadyStored("gw-a", List.of())).isEmpty();
  }

  @Test
  void asksAboutMoreSeqsThanOneQueryTakes() {
    List<Long> stored = LongStream.range(0, 1_200).boxed().toList();
    ledger.record("gw-a", stored, reply("big"));

    List<Long> asked = LongStream.range(600, 1_800).boxed().toList();
    assertThat(ledger.alreadyStored("gw-a", asked)).hasSize(600).contains(600L, 1_199L);
  }

  @Test
  void recordingTheSameBatchTwiceKeepsTheFirstReply() {
    ledger.record("gw-a", List.of(1L), reply("b-1"));
    IngestReply second = new IngestReply("b-1", 0, 1, List.of(), 0, false);

    ledger.record("gw-a", List.of(1L), second);

    assertThat(ledger.reply("gw-a", "b-1")).contains(reply("b-1"));
    assertThat(ledger.alreadyStored("gw-a", List.of(1L))).containsExactly(1L);
  }
}
