package org.citysense.sim.device;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Range;
import org.citysense.profiles.model.Value;

/**
 * The values a device puts into a JSON or text payload now: its snapshot, with garbage where a
 * {@code garbage} fault says so. Garbage is a canonical number outside the point's valid range, so
 * the encoder turns it into an absurd raw number and a correct reader flags the reading; booleans
 * cannot be out of range and stay as they are.
 */
public final class ServedValues {
  /** The preferred garbage: outside every bundled range except meter totals. */
  static final double GARBAGE = 99999;

  private ServedValues() {}

  /**
   * The values of {@code points} in {@code snapshot}, by point name; missing values are left out.
   */
  public static Map<String, Value> of(List<Point> points, Snapshot snapshot) {
    Map<String, Value> served = new LinkedHashMap<>();
    for (Point point : points) {
      Value value = snapshot.values().get(point.name());
      if (value == null) {
        continue;
      }
      boolean garbage = snapshot.garbageFor(point.name()) && !point.quantity().isBoolean();
      served.put(point.name(), garbage ? garbage(point) : value);
    }
    return served;
  }

  /** A canonical value outside {@code point}'s range: 99999, else -99999, else far above it. */
  static Value garbage(Point point) {
    Range range = point.range();
    if (range == null || !range.contains(GARBAGE)) {
      return Value.of(GARBAGE);
    }
    if (!range.contains(-GARBAGE)) {
      return Value.of(-GARBAGE);
    }
    return Value.of(range.max() + Math.max(GARBAGE, Math.abs(range.max())));
  }
}
