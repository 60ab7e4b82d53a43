package org.citysense.cloud.ingest;

import java.util.List;
import java.util.function.LongUnaryOperator;
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
 *
 * <p>Items taken under another offset than the batch's (the clock was stepped while they waited in
 * the buffer) can still be ahead of the cloud, or before {@link #FLOOR}; those get the batch's
 * arrival time instead ({@link #clamp}): approximate, but stored, never refused or aged out for the
 * clock's sake.
 */
final class ClockCorrection {
  /** 2026-01-01T00:00:00Z: no item of this system is older; one that says so has a wrong clock. */
  static final long FLOOR = 1_767_225_600_000L;

  private ClockCorrection() {}

  /** A batch after {@link #clamp}, and how many of its items got the arrival time. */
  record Clamped(Batch batch, int corrected) {}

  /**
   * {@code batch} with every item stamped later than {@code latest} or before {@link #FLOOR}
   * restamped {@code now}.
   */
  static Clamped clamp(Batch batch, long now, long latest) {
    int[] corrected = {0};
    LongUnaryOperator fix =
        ts -> {
          if (ts > latest || ts < FLOOR) {
            corrected[0]++;
            return now;
          }
          return ts;
        };
    Batch fixed = map(batch, fix, batch.sentAt());
    return new Clamped(corrected[0] == 0 ? batch : fixed, corrected[0]);
  }

  /** {@code batch} with every item's timestamp minus {@code offsetMs}. */
  static Batch shift(Batch batch, long offsetMs) {
    return map(batch, ts -> ts - offsetMs, batch.sentAt() - offsetMs);
  }

  private static Batch map(Batch batch, LongUnaryOperator time, long sentAt) {
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
                        time.applyAsLong(r.ts()),
                        r.quality()))
            .toList();
    List<StatusChange> changes =
        batch.statusChanges().stream()
            .map(
                c ->
                    new StatusChange(
                        c.seq(), c.deviceId(), c.state(), c.reason(), time.applyAsLong(c.ts())))
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
                        time.applyAsLong(e.ts()),
                        e.actions()))
            .toList();
    return new Batch(
        batch.v(),
        batch.gatewayId(),
        batch.batchId(),
        sentAt,
        batch.clock(),
        readings,
        changes,
        events,
        batch.counters(),
        batch.seqStart());
  }
}
