package org.citysense.cloud.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.WireReading;
import org.influxdb.dto.Point;
import org.influxdb.dto.QueryResult;

/**
 * Maps readings to InfluxDB points and query rows back to readings; the schema is described in
 * {@link InfluxReadingStore} and docs/storage.md.
 */
final class InfluxPoints {
  static final String MEASUREMENT = "reading";
  static final long NANOS_PER_MILLI = 1_000_000L;

  private InfluxPoints() {}

  /**
   * The point's time in ns: the reading's ms plus {@code seq mod 10^6} ns. A re-sent reading gets
   * the same time (and so overwrites itself); two readings of one series in the same ms do not.
   */
  static long timeNanos(WireReading r) {
    return r.ts() * NANOS_PER_MILLI + Math.floorMod(r.seq(), NANOS_PER_MILLI);
  }

  static Point point(String gatewayId, WireReading r) {
    Point.Builder p =
        Point.measurement(MEASUREMENT)
            .time(timeNanos(r), TimeUnit.NANOSECONDS)
            .tag("gateway", gatewayId)
            .tag("device", r.deviceId())
            .tag("point", r.point())
            .tag("quantity", r.quantity().id())
            .tag("quality", r.quality().id())
            .addField("seq", r.seq())
            .addField("unit", r.unit());
    if (r.value() instanceof Value.Num n) {
      p.addField("value", n.value());
    } else if (r.value() instanceof Value.Bool b) {
      p.addField("state", b.value());
    }
    return p.build();
  }

  /**
   * The reading in one row of {@code series}, queried with ms epochs; tags grouped by come from the
   * series, the others from the columns.
   */
  static StoredReading reading(QueryResult.Series series, List<Object> row) {
    Row r = new Row(series.getColumns(), row, series.getTags());
    Value value = null;
    if (r.get("value") instanceof Number n) {
      value = Value.of(n.doubleValue());
    } else if (r.get("state") instanceof Boolean b) {
      value = Value.of(b);
    }
    WireReading reading =
        new WireReading(
            ((Number) r.get("seq")).longValue(),
            (String) r.get("device"),
            (String) r.get("point"),
            Quantity.byId((String) r.get("quantity")).orElseThrow(),
            value,
            (String) r.get("unit"),
            ((Number) r.get("time")).longValue(),
            Quality.byId((String) r.get("quality")).orElseThrow());
    return new StoredReading((String) r.get("gateway"), reading);
  }

  private record Row(List<String> columns, List<Object> values, Map<String, String> tags) {
    Object get(String name) {
      int i = columns.indexOf(name);
      if (i >= 0) {
        return values.get(i);
      }
      return tags == null ? null : tags.get(name);
    }
  }
}
