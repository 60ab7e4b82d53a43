package org.citysense.cloud.ingest;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * What the cloud remembers of deliveries: which (gateway, seq) it has stored, so a re-sent reading
 * is stored once, and its reply to each batch id, so a replayed batch gets the same answer.
 */
public interface DeliveryLedger {

  /** Of {@code seqs}, those already stored for {@code gatewayId}. */
  Set<Long> alreadyStored(String gatewayId, Collection<Long> seqs);

  /**
   * Records that {@code seqs} are stored and {@code reply} answered {@code batchId}, atomically.
   */
  void record(String gatewayId, Collection<Long> seqs, IngestReply reply);

  /** The reply given to {@code batchId} of {@code gatewayId} before, if any. */
  Optional<IngestReply> reply(String gatewayId, String batchId);
}
