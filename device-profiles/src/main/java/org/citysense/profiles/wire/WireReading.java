package org.citysense.profiles.wire;

import java.time.Instant;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;

/**
 * A reading as it travels from gateway to cloud.
 *
 * @param seq per-gateway monotonic sequence number; the cloud deduplicates on (gateway, seq)
 * @param value in the canonical unit; null exactly when quality is comm_error or invalid
 * @param unit the canonical unit of {@code quantity}, spelled out for readers of the JSON
 * @param ts when the point was read, UTC epoch milliseconds, by the gateway's clock
 */
public record WireReading(
    long seq,
    String deviceId,
    String point,
    Quantity quantity,
    Value value,
    String unit,
    long ts,
    Quality quality) {

  public static WireReading of(long seq, Reading r) {
    return new WireReading(
        seq,
        r.deviceId(),
        r.point(),
        r.quantity(),
        r.value(),
        r.unit(),
        r.timestamp().toEpochMilli(),
        r.quality());
  }

  public Reading toReading() {
    return new Reading(deviceId, point, quantity, value, Instant.ofEpochMilli(ts), quality);
  }
}
