package org.citysense.sim.modbus;

import java.util.List;
import java.util.Optional;
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.Snapshot;

/**
 * A device's Modbus tables as a reader sees them, built from a snapshot through the profile's
 * encoder. Addresses between points read as zero; addresses past a table's last point, or in a
 * table the device does not have, are illegal.
 */
final class RegisterImage {
  private final DeviceProfile profile;

  RegisterImage(DeviceProfile profile) {
    this.profile = profile;
  }

  /** One past the highest address the device has in {@code table}; 0 when it has none. */
  int end(ModbusTable table) {
    int end = 0;
    for (Point p : points(table)) {
      Source.Modbus m = (Source.Modbus) p.source();
      end = Math.max(end, m.address() + m.count());
    }
    return end;
  }

  boolean covers(ModbusTable table, int start, int count) {
    return start >= 0 && count > 0 && start + count <= end(table);
  }

  int[] words(ModbusTable table, int start, int count, Snapshot s) {
    int[] words = new int[count];
    for (Point p : points(table)) {
      Source.Modbus m = (Source.Modbus) p.source();
      int from = m.address();
      int to = from + m.count();
      if (to <= start || from >= start + count) {
        continue;
      }
      int[] current = new int[m.count()];
      for (int i = 0; i < current.length; i++) {
        int at = from + i - start;
        current[i] = at >= 0 && at < count ? words[at] : 0;
      }
      int[] encoded = encode(p, m, s, current);
      for (int i = 0; i < encoded.length; i++) {
        int at = from + i - start;
        if (at >= 0 && at < count) {
          words[at] = encoded[i];
        }
      }
    }
    return words;
  }

  boolean[] bits(ModbusTable table, int start, int count, Snapshot s) {
    boolean[] bits = new boolean[count];
    for (Point p : points(table)) {
      int at = ((Source.Modbus) p.source()).address() - start;
      Value v = s.values().get(p.name());
      if (at >= 0 && at < count && v != null) {
        bits[at] = Encoder.bit(p, v);
      }
    }
    return bits;
  }

  /** The writable point that starts at {@code address} of {@code table}, if any. */
  Optional<Point> writable(ModbusTable table, int address, int count) {
    return points(table).stream()
        .filter(Point::writable)
        .filter(p -> ((Source.Modbus) p.source()).address() == address)
        .filter(p -> ((Source.Modbus) p.source()).count() == count)
        .findFirst();
  }

  private int[] encode(Point p, Source.Modbus m, Snapshot s, int[] current) {
    Value v = s.values().get(p.name());
    if (v == null) {
      return current;
    }
    if (s.garbageFor(p.name())) {
      return garbage(p, m, current);
    }
    try {
      return Encoder.registers(p, v, current);
    } catch (IllegalArgumentException e) {
      // the scenario drove the value past what the register holds: serve the saturated pattern
      return garbage(p, m, current);
    }
  }

  /** All ones for integers (far out of any range), NaN for floats. */
  private static int[] garbage(Point p, Source.Modbus m, int[] current) {
    if (m.type().isFloat()) {
      return Encoder.registers(p, Value.of(Double.NaN), current);
    }
    int[] ones = new int[m.count()];
    java.util.Arrays.fill(ones, 0xFFFF);
    return m.type() == DataType.BOOL ? current : ones;
  }

  private List<Point> points(ModbusTable table) {
    return profile.points().stream()
        .filter(p -> p.source() instanceof Source.Modbus m && m.table() == table)
        .toList();
  }
}
