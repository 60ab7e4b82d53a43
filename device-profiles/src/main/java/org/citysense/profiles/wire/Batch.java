package org.citysense.profiles.wire;

import java.util.List;

/**
 * Wire format v1: what a gateway sends to the cloud in one request. See docs/wire-format.md.
 *
 * @param v the format version, 1
 * @param batchId unique per batch; only lets the cloud repeat its earlier reply to a replay
 * @param sentAt when the batch was sent, UTC epoch milliseconds, by the gateway's clock
 * @param seqStart the first seq of the gateway's current numbering: a gateway that lost its data
 *     folder starts a new numbering, far above the old, and says so here, so the cloud can record
 *     the restart; null from agents that do not say
 */
public record Batch(
    int v,
    String gatewayId,
    String batchId,
    long sentAt,
    GatewayClock clock,
    List<WireReading> readings,
    List<StatusChange> statusChanges,
    List<EdgeEvent> edgeEvents,
    Counters counters,
    Long seqStart) {
  public static final int VERSION = 1;

  /** A batch that does not say where its numbering started. */
  public Batch(
      int v,
      String gatewayId,
      String batchId,
      long sentAt,
      GatewayClock clock,
      List<WireReading> readings,
      List<StatusChange> statusChanges,
      List<EdgeEvent> edgeEvents,
      Counters counters) {
    this(v, gatewayId, batchId, sentAt, clock, readings, statusChanges, edgeEvents, counters, null);
  }

  public Batch {
    readings = readings == null ? List.of() : List.copyOf(readings);
    statusChanges = statusChanges == null ? List.of() : List.copyOf(statusChanges);
    edgeEvents = edgeEvents == null ? List.of() : List.copyOf(edgeEvents);
    counters = counters == null ? Counters.ZERO : counters;
    clock = clock == null ? GatewayClock.UNSYNCED : clock;
  }
}
