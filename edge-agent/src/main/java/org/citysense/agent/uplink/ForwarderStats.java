package org.citysense.agent.uplink;

import java.time.Instant;

/**
 * The uplink at a glance, for the status endpoint.
 *
 * @param lastSuccessAt when the cloud last answered for a batch, or null
 * @param lastAttemptAt when a batch was last sent, or null
 * @param lastError the last failure's message (cleared by a success), or null
 * @param consecutiveFailures failed sends since the last success
 * @param batchesSent batches the cloud answered for
 * @param readingsSent readings in those batches (status changes and edge events not counted)
 * @param clockOffsetMs the gateway's clock minus the cloud's, from the last reply
 * @param clockFlagged whether the cloud finds that offset too large
 * @param needsPeople whether the last failure is one retrying alone cannot fix (401, 403, 400, TLS)
 * @param batchSize the batch size in use (smaller than configured after a 413)
 */
public record ForwarderStats(
    Instant lastSuccessAt,
    Instant lastAttemptAt,
    String lastError,
    int consecutiveFailures,
    long batchesSent,
    long readingsSent,
    long clockOffsetMs,
    boolean clockFlagged,
    boolean needsPeople,
    int batchSize) {
  static ForwarderStats initial(int batchSize) {
    return new ForwarderStats(null, null, null, 0, 0, 0, 0, false, false, batchSize);
  }

  ForwarderStats attempted(Instant at) {
    return new ForwarderStats(
        lastSuccessAt,
        at,
        lastError,
        consecutiveFailures,
        batchesSent,
        readingsSent,
        clockOffsetMs,
        clockFlagged,
        needsPeople,
        batchSize);
  }

  ForwarderStats succeeded(Instant at, int readings, UplinkReply reply) {
    return new ForwarderStats(
        at,
        lastAttemptAt,
        null,
        0,
        batchesSent + 1,
        readingsSent + readings,
        reply.clockOffsetMs(),
        reply.clockFlagged(),
        false,
        batchSize);
  }

  ForwarderStats failed(UplinkException e, int newBatchSize) {
    return new ForwarderStats(
        lastSuccessAt,
        lastAttemptAt,
        e.getMessage(),
        consecutiveFailures + 1,
        batchesSent,
        readingsSent,
        clockOffsetMs,
        clockFlagged,
        e.needsPeople(),
        newBatchSize);
  }
}
