package org.citysense.cloud.ingest;

import java.util.List;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/**
 * Puts the items of a gateway whose clock is off back on the cloud's time. A gateway ten minutes
 * fast, or reset to 1970 by a flat RTC battery, still took its readings when it says, only on a
 * wrong clock: refusing them (ahead of the cloud) or ageing them out (decades old) would lose them.
 * The batch's {@code sentAt} against the cloud's clock on arrival gives the offset; every timestamp
 * moves by it, and the gateway is flagged (its view shows the offset) so that people set its clock.
 * A step of the clock while items waited in the buffer is not undone: they move by the offset at
 * sending.
 */
final class ClockCorrection {
  private ClockCorrection() {}

  /** {@code batch} with every item's timestamp minus {@code offsetMs}. */
  static Batch shift(Batch batch, long offsetMs) {
    List<WireReading> readings =
        batch.readings().stream()
            .map(
                r ->
                    new WireReading(
                        r.seq(),
                        r.deviceId(),
                        r.point(),
                        r.quantity(),
                        r.value(),
                        r.unit(),
                        r.ts() - offsetMs,
                        r.quality()))
            .toList();
    List<StatusChange> changes =
        batch.statusChanges().stream()
            .map(
                c ->
                    new StatusChange(
                        c.seq(), c.deviceId(), c.state(), c.reason(), c.ts() - offsetMs))
            .toList();
    List<EdgeEvent> events =
        batch.edgeEvents().stream()
            .map(
                e ->
                    new EdgeEvent(
                        e.seq(),
                        e.deviceId(),
                        e.point(),
                        e.kind(),
                        e.value(),
                        e.limit(),
                        e.ts() - offsetMs,
                        e.actions()))
            .toList();
    return new Batch(
        batch.v(),
        batch.gatewayId(),
        batch.batchId(),
        batch.sentAt() - offsetMs,
        batch.clock(),
        readings,
        changes,
        events,
        batch.counters(),
        batch.seqStart());
  }
}
