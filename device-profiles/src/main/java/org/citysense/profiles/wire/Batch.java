package org.citysense.profiles.wire;

import java.util.List;

/**
 * Wire format v1: what a gateway sends to the cloud in one request. See docs/wire-format.md.
 *
 * @param v the format version, 1
 * @param batchId unique per batch; only lets the cloud repeat its earlier reply to a replay
 * @param sentAt when the batch was sent, UTC epoch milliseconds, by the gateway's clock
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
    Counters counters) {
  public static final int VERSION = 1;

  public Batch {
    readings = readings == null ? List.of() : List.copyOf(readings);
    statusChanges = statusChanges == null ? List.of() : List.copyOf(statusChanges);
    edgeEvents = edgeEvents == null ? List.of() : List.copyOf(edgeEvents);
    counters = counters == null ? Counters.ZERO : counters;
    clock = clock == null ? GatewayClock.UNSYNCED : clock;
  }
}
