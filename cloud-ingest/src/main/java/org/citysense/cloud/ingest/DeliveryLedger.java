package org.citysense.cloud.ingest;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * What the cloud remembers of deliveries: which (gateway, seq) it has accepted, so a re-sent
 * reading, status change or edge event is taken once, and its reply to each batch id, so a replayed
 * batch gets the same answer.
 */
public interface DeliveryLedger {

  /** Of {@code seqs}, those already accepted for {@code gatewayId}. */
  Set<Long> alreadyStored(String gatewayId, Collection<Long> seqs);

  /**
   * Records that the items of {@code accepted} are taken and that {@code reply} answered the batch,
   * atomically with handing them to the rules: when this returns, the batch is recorded and in the
   * rules' log, or (when it throws) neither.
   */
  void record(IngestReply reply, Accepted accepted);

  /** The reply given to {@code batchId} of {@code gatewayId} before, if any. */
  Optional<IngestReply> reply(String gatewayId, String batchId);
}
