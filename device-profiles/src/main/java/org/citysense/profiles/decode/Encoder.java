package org.citysense.profiles.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.FrameSpec;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Transform;
import org.citysense.profiles.model.Value;

/**
 * The inverse of {@link Decoder}: a canonical value to the registers, bit, frame or JSON a device
 * would send, so that a correct reader decodes exactly that value. Used by the simulator and by the
 * agent for writes.
 */
public final class Encoder {
  private Encoder() {}

  /** The registers of a register point; a bit or masked point is merged into {@code current}. */
  public static int[] registers(Point point, Value value, int[] current) {
    Source.Modbus m = modbus(point);
    if (m.table().isBitTable()) {
      throw new IllegalArgumentException(point.name() + " is a " + m.table() + "; use bit()");
    }
    byte[] bigEndian =
        toBigEndian(
            point, m.type(), value, m.wordOrder().reorder(BigEndian.fromRegisters(current)));
    return BigEndian.toRegisters(m.wordOrder().reorder(bigEndian));
  }

  /** The registers of a register point, with every bit not belonging to it zero. */
  public static int[] registers(Point point, Value value) {
    return registers(point, value, new int[modbus(point).type().registers()]);
  }

  /** The state of a coil or discrete input. */
  public static boolean bit(Point point, Value value) {
    Source.Modbus m = modbus(point);
    if (!m.table().isBitTable()) {
      throw new IllegalArgumentException(point.name() + " is a " + m.table() + "; use registers()");
    }
    return value.asBoolean();
  }

  /** A whole frame of {@code profile} carrying {@code values} by point name, checksum included. */
  public static byte[] frame(DeviceProfile profile, Map<String, Value> values) {
    FrameSpec spec = profile.frame();
    byte[] frame = new byte[spec.length()];
    byte[] header = spec.header();
    byte[] tail = spec.tail();
    System.arraycopy(header, 0, frame, 0, header.length);
    System.arraycopy(tail, 0, frame, frame.length - tail.length, tail.length);
    for (Point point : profile.points()) {
      Value value = values.get(point.name());
      if (value == null) {
        continue;
      }
      Source.FrameField f = (Source.FrameField) point.source();
      byte[] current = new byte[f.type().bytes()];
      System.arraycopy(frame, f.offset(), current, 0, current.length);
      byte[] bigEndian = toBigEndian(point, f.type(), value, f.wordOrder().reorder(current));
      System.arraycopy(f.wordOrder().reorder(bigEndian), 0, frame, f.offset(), current.length);
    }
    Frames.writeChecksum(spec, frame);
    return frame;
  }

  /** A JSON document carrying {@code values} of {@code points} at their pointers. */
  public static ObjectNode json(List<Point> points, Map<String, Value> values) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (Point point : points) {
      Value value = values.get(point.name());
      String pointer = pointer(point);
      if (value != null && !pointer.isEmpty()) {
        put(root, pointer, jsonValue(point, value));
      }
    }
    return root;
  }

  /**
   * The typed value an OPC UA node holds for a canonical value: a boolean as it is, a number
   * through unit and scale/offset back to the node's type (rounded for an integer node).
   */
  public static Value typed(Point point, Value value) {
    if (point.quantity().isBoolean()) {
      return Value.of(value.asBoolean());
    }
    double raw = toRaw(point, value);
    Source.OpcUa node = (Source.OpcUa) point.source();
    return Value.of(node.type().isFloat() ? raw : Math.rint(raw));
  }

  /** The {@code text/plain} representation of one value. */
  public static String text(Point point, Value value) {
    JsonNode node = jsonValue(point, value);
    return node.asText();
  }

  private static String pointer(Point point) {
    if (point.source() instanceof Source.Mqtt q) {
      return q.pointer();
    }
    if (point.source() instanceof Source.Coap c) {
      return c.pointer();
    }
    throw new IllegalArgumentException(point.name() + " is not a JSON point");
  }

  private static JsonNode jsonValue(Point point, Value value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (point.quantity().isBoolean()) {
      return f.booleanNode(value.asBoolean());
    }
    double raw = toRaw(point, value);
    if (raw == Math.rint(raw) && Math.abs(raw) < 1e15) {
      return f.numberNode((long) raw);
    }
    return f.numberNode(raw);
  }

  private static void put(ObjectNode root, String pointer, JsonNode value) {
    String[] parts = pointer.substring(1).split("/");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      String key = unescape(parts[i]);
      node = node.has(key) ? (ObjectNode) node.get(key) : node.putObject(key);
    }
    node.set(unescape(parts[parts.length - 1]), value);
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  /** Canonical value back through unit and scale/offset to the raw number the device holds. */
  private static double toRaw(Point point, Value value) {
    Transform t = point.transform();
    double reported = point.unit().fromCanonical(value.asDouble());
    return (reported - t.offset()) / t.scale();
  }

  /** The big-endian bytes of a typed value, merging a bit or masked field into {@code current}. */
  private static byte[] toBigEndian(Point point, DataType type, Value value, byte[] current) {
    Transform t = point.transform();
    if (type.isFloat()) {
      return BigEndian.writeFloat(toRaw(point, value), type);
    }
    long existing = BigEndian.readInteger(current, type);
    if (t.bit() != null) {
      long bit = 1L << t.bit();
      return BigEndian.writeInteger(value.asBoolean() ? existing | bit : existing & ~bit, type);
    }
    double raw = point.quantity().isBoolean() ? (value.asBoolean() ? 1 : 0) : toRaw(point, value);
    double rounded = Math.rint(raw);
    long limit = t.mask() == null ? 0 : t.mask() >>> Long.numberOfTrailingZeros(t.mask());
    double max = t.mask() == null ? BigEndian.max(type) : limit;
    double min = t.mask() == null ? BigEndian.min(type) : 0;
    if (rounded < min || rounded > max) {
      throw new IllegalArgumentException(
          value
              + " for point "
              + point.name()
              + " is raw "
              + rounded
              + ", which does not fit in "
              + (t.mask() == null ? type.toString() : "mask 0x" + Long.toHexString(t.mask())));
    }
    long integer = unsignedAware(rounded, type);
    if (t.mask() != null) {
      int shift = Long.numberOfTrailingZeros(t.mask());
      integer = (existing & ~t.mask()) | ((integer << shift) & t.mask());
    }
    return BigEndian.writeInteger(integer, type);
  }

  private static long unsignedAware(double rounded, DataType type) {
    if (type == DataType.UINT64 && rounded >= 9.223372036854775807E18) {
      return (long) (rounded / 2) << 1;
    }
    return (long) rounded;
  }

  private static Source.Modbus modbus(Point point) {
    if (point.source() instanceof Source.Modbus m) {
      return m;
    }
    throw new IllegalArgumentException(point.name() + " is not a Modbus point");
  }
}
