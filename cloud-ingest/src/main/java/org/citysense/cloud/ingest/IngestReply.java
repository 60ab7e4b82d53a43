package org.citysense.cloud.ingest;

import java.util.List;

/**
 * The cloud's answer to one batch. Every reading of the batch is in exactly one of: stored now, a
 * duplicate of one stored before, or rejected (with its reason).
 *
 * @param clockOffsetMs the batch's sentAt minus the cloud's clock on arrival
 * @param clockFlagged whether that offset is beyond what the cloud tolerates
 */
public record IngestReply(
    String batchId,
    int stored,
    int duplicates,
    List<Rejection> rejected,
    long clockOffsetMs,
    boolean clockFlagged) {
  public IngestReply {
    rejected = List.copyOf(rejected);
  }
}
