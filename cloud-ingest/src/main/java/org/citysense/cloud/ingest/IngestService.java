package org.citysense.cloud.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.citysense.cloud.store.ReadingStore;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/**
 * Accepts one batch from an authenticated gateway: checks each reading, stores the new ones once,
 * and records the reply together with what the rules must see (the ledger hands it to their log in
 * the same transaction). Plain Java; the REST resource only authenticates and decodes.
 *
 * <p>Order matters for "nothing lost, nothing twice": the readings are written to the store first,
 * then the ledger records them and their hand-off at once; a crash between the two makes the
 * gateway resend, and the store's own idempotence on (gateway, seq) keeps the copy single. Status
 * changes and edge events take their seqs from the same sequence and are deduplicated the same way,
 * so a one-shot alarm reaches the rules exactly once.
 */
public final class IngestService {
  private final ReadingChecks checks;
  private final DeliveryLedger ledger;
  private final ReadingStore store;
  private final Duration maxFuture;
  private final Duration maxClockOffset;
  private final int maxItems;

  /**
   * @param checks why a reading is refused, if it is
   * @param maxFuture how far ahead of the cloud's clock an item's timestamp may be; one further
   *     ahead (after the batch's clock correction) gets the arrival time
   * @param maxClockOffset how far a gateway's clock may be from the cloud's before it is flagged
   * @param maxItems the most items (readings, status changes, edge events) a batch may carry; a
   *     larger one is refused as a whole, so that one request's cost stays bounded
   */
  public IngestService(
      ReadingChecks checks,
      DeliveryLedger ledger,
      ReadingStore store,
      Duration maxFuture,
      Duration maxClockOffset,
      int maxItems) {
    this.checks = checks;
    this.ledger = ledger;
    this.store = store;
    this.maxFuture = maxFuture;
    this.maxClockOffset = maxClockOffset;
    this.maxItems = maxItems;
  }

  /**
   * @param tokenGateway the gateway the bearer token belongs to
   * @param now the cloud's clock on arrival
   * @throws GatewayMismatchException when the batch names another gateway
   * @throws BatchTooLargeException when the batch has more than {@code maxItems} items
   * @throws org.citysense.cloud.store.StoreUnavailableException when nothing could be stored
   */
  public IngestReply ingest(String tokenGateway, Batch batch, Instant now) {
    if (!tokenGateway.equals(batch.gatewayId())) {
      throw new GatewayMismatchException(tokenGateway, batch.gatewayId());
    }
    int items = batch.readings().size() + batch.statusChanges().size() + batch.edgeEvents().size();
    if (items > maxItems) {
      throw new BatchTooLargeException(items, maxItems);
    }
    Optional<IngestReply> earlier = ledger.reply(tokenGateway, batch.batchId());
    if (earlier.isPresent()) {
      return earlier.get();
    }
    long offset = batch.sentAt() - now.toEpochMilli();
    boolean flagged = Math.abs(offset) > maxClockOffset.toMillis();
    batch = flagged ? ClockCorrection.shift(batch, offset) : batch;
    ClockCorrection.Clamped clamped =
        ClockCorrection.clamp(batch, now.toEpochMilli(), now.plus(maxFuture).toEpochMilli());
    batch = clamped.batch();
    flagged |= clamped.corrected() > 0;
    List<Rejection> rejected = new ArrayList<>();
    List<WireReading> valid = new ArrayList<>();
    for (WireReading r : batch.readings()) {
      Optional<String> reason = checks.problem(tokenGateway, r);
      if (reason.isPresent()) {
        rejected.add(new Rejection(r.seq(), reason.get()));
      } else {
        valid.add(r);
      }
    }
    Set<Long> seen =
        new HashSet<>(
            ledger.alreadyStored(
                tokenGateway,
                Stream.of(
                        valid.stream().map(WireReading::seq),
                        batch.statusChanges().stream().map(StatusChange::seq),
                        batch.edgeEvents().stream().map(EdgeEvent::seq))
                    .flatMap(s -> s)
                    .toList()));
    List<WireReading> fresh = valid.stream().filter(r -> !seen.contains(r.seq())).toList();
    if (!fresh.isEmpty()) {
      store.write(tokenGateway, fresh);
    }
    IngestReply reply =
        new IngestReply(
            batch.batchId(), fresh.size(), valid.size() - fresh.size(), rejected, offset, flagged);
    ledger.record(
        reply,
        new Accepted(
            tokenGateway,
            now,
            fresh,
            batch.statusChanges().stream().filter(c -> !seen.contains(c.seq())).toList(),
            batch.edgeEvents().stream().filter(e -> !seen.contains(e.seq())).toList()));
    return reply;
  }
}
