package org.citysense.cloud.readings;

import org.citysense.cloud.store.StoredReading;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.wire.WireReading;

/**
 * A stored reading as the query API returns it: the wire reading's fields plus the gateway that
 * sent it. {@code value} is a number, a boolean, or null (comm_error, invalid).
 */
public record ReadingView(
    String gatewayId,
    long seq,
    String deviceId,
    String point,
    String quantity,
    Object value,
    String unit,
    long ts,
    String quality) {

  public static ReadingView of(StoredReading stored) {
    WireReading r = stored.reading();
    return new ReadingView(
        stored.gatewayId(),
        r.seq(),
        r.deviceId(),
        r.point(),
        r.quantity().id(),
        plain(r.value()),
        r.unit(),
        r.ts(),
        r.quality().id());
  }

  private static Object plain(Value value) {
    if (value instanceof Value.Num n) {
      return n.value();
    }
    if (value instanceof Value.Bool b) {
      return b.value();
    }
    return null;
  }
}
