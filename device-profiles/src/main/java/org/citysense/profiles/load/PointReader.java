package org.citysense.profiles.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.citysense.profiles.model.AlarmLimit;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.FrameSpec;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.ProtocolFamily;
import org.citysense.profiles.model.Range;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Transform;
import org.citysense.profiles.model.WordOrder;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.quantity.Unit;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads the points of one profile; knows the fields each protocol family allows. */
final class PointReader {
  static final Duration ALARM_INTERVAL = Duration.ofSeconds(1);
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final List<String> COMMON =
      List.of(
          "name",
          "quantity",
          "unit",
          "description",
          "scale",
          "offset",
          "range",
          "interval",
          "alarm");
  private static final Map<ProtocolFamily, List<String>> FAMILY_FIELDS =
      Map.of(
          ProtocolFamily.MODBUS,
          List.of("table", "address", "type", "wordOrder", "bit", "mask", "writable"),
          ProtocolFamily.SERIAL_FRAME,
          List.of("at", "type", "wordOrder", "bit", "mask"),
          ProtocolFamily.MQTT,
          List.of("topic", "json"),
          ProtocolFamily.COAP,
          List.of("resource", "json"),
          ProtocolFamily.OPCUA,
          List.of("node", "type", "writable"));

  /** An OPC UA node id in its string form: namespace index, then numeric, string, GUID or bytes. */
  private static final Pattern NODE_ID = Pattern.compile("(ns=\\d{1,5};)?[isgb]=.+");

  private final ProtocolFamily family;
  private final Duration defaultInterval;
  private final FrameSpec frame;
  private final Source defaults;
  private final Map<String, Integer> names = new HashMap<>();

  PointReader(ProtocolFamily family, Duration defaultInterval, FrameSpec frame, Source defaults) {
    this.family = family;
    this.defaultInterval = defaultInterval;
    this.frame = frame;
    this.defaults = defaults;
  }

  Optional<Point> read(YamlMap p) {
    List<String> allowed = new ArrayList<>(COMMON);
    allowed.addAll(FAMILY_FIELDS.get(family));
    p.allowOnly(allowed.stream().distinct().toList());
    Optional<String> name = p.string("name", true, NAME, "lower-case letters, digits and '_'");
    name.ifPresent(n -> checkUnique(p, n));
    Optional<Quantity> quantity = p.choice("quantity", true, Quantity::byId, Quantity.ids());
    if (quantity.isEmpty()) {
      return Optional.empty();
    }
    Quantity q = quantity.get();
    Unit unit = readUnit(p, q);
    Source source = readSource(p, q);
    Transform transform = readTransform(p, q, source);
    Range range = p.map("range", false).flatMap(r -> readRange(r, q)).orElse(null);
    AlarmLimit alarm = readAlarm(p, q);
    Duration interval =
        p.duration("interval", false).orElse(alarm != null ? ALARM_INTERVAL : defaultInterval);
    boolean writable = p.bool("writable", false).orElse(false);
    if (writable && source instanceof Source.Modbus m && !m.table().isWritable()) {
      p.error("writable", m.table() + " points cannot be written; only coil and holding-register");
    }
    if (name.isEmpty() || source == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Point(name.get(), q, unit, source, transform, range, interval, alarm, writable));
  }

  private void checkUnique(YamlMap p, String name) {
    Integer first = names.putIfAbsent(name, Issues.lineOf(p.node("name")));
    if (first != null) {
      p.error("name", "\"" + name + "\" is already a point (line " + first + ")");
    }
  }

  private static Unit readUnit(YamlMap p, Quantity q) {
    if (!p.has("unit")) {
      return q.canonicalUnit();
    }
    List<String> accepted = q.acceptedUnits().stream().map(Unit::symbol).toList();
    Optional<Unit> unit = p.string("unit", false).flatMap(Unit::parse);
    if (unit.isEmpty()) {
      p.error(
          "unit",
          "\""
              + p.string("unit", false).orElse("")
              + "\" is not a known unit; "
              + q
              + " takes "
              + String.join(", ", accepted));
      return q.canonicalUnit();
    }
    if (!q.accepts(unit.get())) {
      p.error(
          "unit",
          "\""
              + unit.get()
              + "\" cannot be converted to "
              + q
              + " ("
              + q.canonicalUnit()
              + "); use one of "
              + String.join(", ", accepted));
      return q.canonicalUnit();
    }
    return unit.get();
  }

  private Source readSource(YamlMap p, Quantity quantity) {
    return switch (family) {
      case MODBUS -> readModbus(p);
      case SERIAL_FRAME -> readFrameField(p);
      case MQTT -> readMqtt(p);
      case COAP -> readCoap(p);
      case OPCUA -> readOpcUa(p, quantity);
    };
  }

  private static Source.Modbus readModbus(YamlMap p) {
    Optional<ModbusTable> table =
        p.choice(
            "table",
            false,
            ModbusTable::byId,
            Arrays.stream(ModbusTable.values()).map(ModbusTable::id).toList());
    Optional<Long> number = p.integer("address", true, 0, 465_536);
    if (number.isEmpty() || (p.has("table") && table.isEmpty())) {
      return null;
    }
    Optional<ModbusAddress> address =
        ModbusAddress.resolve(p, table.orElse(null), number.get(), p.isHex("address"));
    if (address.isEmpty()) {
      return null;
    }
    ModbusTable t = address.get().table();
    DataType type = readType(p, t.isBitTable() ? DataType.BOOL : DataType.UINT16);
    if (type == null) {
      return null;
    }
    if (t.isBitTable() && type != DataType.BOOL) {
      p.error("type", t + " holds one bit; its type is bool");
      return null;
    }
    if (!t.isBitTable() && type == DataType.BOOL) {
      p.error(
          "type",
          "bool is for coil and discrete-input; for one bit of a register use an"
              + " integer type and bit: N");
      return null;
    }
    int end = address.get().address() + Math.max(1, type.registers()) - 1;
    if (end > 65_535) {
      p.error("address", type + " at " + address.get().address() + " runs past register 65535");
      return null;
    }
    WordOrder order = readOrder(p, type);
    return order == null ? null : new Source.Modbus(t, address.get().address(), type, order);
  }

  private Source.FrameField readFrameField(YamlMap p) {
    DataType type = readType(p, DataType.UINT16);
    if (type == DataType.BOOL) {
      p.error("type", "a frame field is at least one byte; for one bit use uint16 and bit: N");
      return null;
    }
    Optional<Long> offset = p.integer("at", true, 0, 1023);
    WordOrder order = type == null ? null : readOrder(p, type);
    if (offset.isEmpty() || order == null || frame == null) {
      return null;
    }
    int start = offset.get().intValue();
    int end = start + type.bytes();
    int fieldsStart = frame.header().length;
    int fieldsEnd = frame.length() - frame.tail().length;
    if (start < fieldsStart || end > fieldsEnd) {
      p.error(
          "at",
          type
              + " at "
              + start
              + " does not fit between the header and the tail (bytes "
              + fieldsStart
              + ".."
              + (fieldsEnd - 1)
              + ")");
      return null;
    }
    int sumAt = frame.checksum().at();
    int sumEnd = sumAt + frame.checksum().kind().width();
    if (start < sumEnd && end > sumAt) {
      p.error("at", type + " at " + start + " overlaps the checksum at " + sumAt);
      return null;
    }
    return new Source.FrameField(start, type, order);
  }

  private Source.Mqtt readMqtt(YamlMap p) {
    Optional<String> pointer = pointer(p, true);
    String topic =
        topic(p, false).orElse(defaults == null ? null : ((Source.Mqtt) defaults).topic());
    return pointer.isEmpty() || topic == null ? null : new Source.Mqtt(topic, pointer.get());
  }

  private Source.Coap readCoap(YamlMap p) {
    if (!(defaults instanceof Source.Coap base) || base.resource() == null) {
      return null;
    }
    boolean json = base.format() == org.citysense.profiles.model.ContentFormat.APPLICATION_JSON;
    if (!json && p.has("json")) {
      p.error("json", base.format() + " carries one bare value; remove json");
    }
    Optional<String> pointer = json ? pointer(p, true) : Optional.of("");
    String resource = resource(p, false).orElse(base.resource());
    return pointer
        .map(ptr -> new Source.Coap(resource, base.observe(), base.format(), ptr))
        .orElse(null);
  }

  /** A node and its data type; a boolean quantity reads a bool node, a number a float64 one. */
  private static Source.OpcUa readOpcUa(YamlMap p, Quantity quantity) {
    Optional<String> node =
        p.string(
            "node", true, NODE_ID, "an OPC UA node id such as ns=2;s=Pump/level or ns=3;i=1001");
    DataType type = readType(p, quantity.isBoolean() ? DataType.BOOL : DataType.FLOAT64);
    if (type == null) {
      return null;
    }
    if (quantity.isBoolean() && type != DataType.BOOL) {
      p.error("type", quantity + " is a boolean; its node's type is bool");
      return null;
    }
    if (!quantity.isBoolean() && type == DataType.BOOL) {
      p.error("type", quantity + " is a number; a bool node cannot feed it");
      return null;
    }
    return node.map(n -> new Source.OpcUa(n, type)).orElse(null);
  }

  static Optional<String> topic(YamlMap m, boolean required) {
    Optional<String> topic = m.string("topic", required);
    if (topic.isEmpty()) {
      return topic;
    }
    String t = topic.get();
    if (t.contains("+") || t.contains("#")) {
      m.error("topic", "\"" + t + "\" has a wildcard; a device publishes on one topic");
    } else if (!t.contains(Source.Mqtt.DEVICE_ID)) {
      m.error(
          "topic",
          "\""
              + t
              + "\" must contain {deviceId}, so that devices of one profile"
              + " publish on different topics");
    } else {
      return topic;
    }
    return Optional.empty();
  }

  static Optional<String> resource(YamlMap m, boolean required) {
    return m.string(
        "resource",
        required,
        Pattern.compile("/[A-Za-z0-9_./-]*"),
        "a path starting with '/', e.g. /meter");
  }

  private static Optional<String> pointer(YamlMap p, boolean required) {
    return p.string(
        "json",
        required,
        Pattern.compile("(/[^/]*)+"),
        "a JSON pointer starting with '/', e.g. /battery");
  }

  private static DataType readType(YamlMap p, DataType fallback) {
    if (!p.has("type")) {
      return fallback;
    }
    return p.choice(
            "type",
            false,
            DataType::byId,
            Arrays.stream(DataType.values()).map(DataType::id).toList())
        .orElse(null);
  }

  private static WordOrder readOrder(YamlMap p, DataType type) {
    if (!p.has("wordOrder")) {
      return WordOrder.ABCD;
    }
    Optional<WordOrder> order =
        p.choice(
            "wordOrder",
            false,
            WordOrder::byId,
            Arrays.stream(WordOrder.values()).map(Enum::name).toList());
    if (order.isPresent() && !WordOrder.allowedFor(type).contains(order.get())) {
      p.error(
          "wordOrder",
          "\""
              + order.get()
              + "\" is not allowed for "
              + type
              + "; a 16-bit value is ABCD or BADC");
      return null;
    }
    return order.orElse(null);
  }

  private static Transform readTransform(YamlMap p, Quantity q, Source source) {
    DataType type = null;
    if (source instanceof Source.Modbus m) {
      type = m.type();
    } else if (source instanceof Source.FrameField f) {
      type = f.type();
    }
    Integer bit = null;
    if (p.has("bit")) {
      if (type == null || !type.isInteger()) {
        p.error("bit", "bit needs an integer type" + (type == null ? "" : ", not " + type));
      } else {
        bit = p.integer("bit", false, 0, type.bytes() * 8L - 1).map(Long::intValue).orElse(null);
      }
      if (!q.isBoolean()) {
        p.error("bit", "a bit is a boolean, but " + q + " is a number");
      }
    }
    Long mask = null;
    if (p.has("mask")) {
      if (type == null || !type.isInteger()) {
        p.error("mask", "mask needs an integer type" + (type == null ? "" : ", not " + type));
      } else {
        mask =
            p.integer(
                    "mask",
                    false,
                    1,
                    type.bytes() >= 8 ? Long.MAX_VALUE : (1L << (type.bytes() * 8)) - 1)
                .orElse(null);
      }
    }
    if (q.isBoolean() && type != null && type.isFloat()) {
      p.error("type", type + " cannot feed the boolean " + q + "; use an integer type");
    }
    double scale = p.number("scale", false).orElse(1.0);
    double offset = p.number("offset", false).orElse(0.0);
    if (scale == 0) {
      p.error("scale", "must not be 0");
    }
    if (q.isBoolean() && (p.has("scale") || p.has("offset"))) {
      p.error(
          p.has("scale") ? "scale" : "offset", q + " is a boolean; scale and offset do not apply");
    }
    return new Transform(bit, mask, scale == 0 ? 1 : scale, offset);
  }

  private static Optional<Range> readRange(YamlMap r, Quantity q) {
    r.allowOnly(List.of("min", "max"));
    if (q.isBoolean()) {
      r.issues().error(r.line(), r.path(), q + " is a boolean; it has no range");
      return Optional.empty();
    }
    Optional<Double> min = r.number("min", true);
    Optional<Double> max = r.number("max", true);
    if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
      r.error("max", max.get() + " is below min " + min.get());
      return Optional.empty();
    }
    return min.isPresent() && max.isPresent()
        ? Optional.of(new Range(min.get(), max.get()))
        : Optional.empty();
  }

  /** {@code alarm: true} for a boolean point; {@code alarm: {above: 20}} for a numeric one. */
  private static AlarmLimit readAlarm(YamlMap p, Quantity q) {
    if (!p.has("alarm")) {
      return null;
    }
    if (p.node("alarm") instanceof ScalarNode) {
      boolean on = p.bool("alarm", false).orElse(false);
      if (on && !q.isBoolean()) {
        p.error("alarm", q + " is a number; give its limit, e.g. alarm: {above: 20}");
        return null;
      }
      return on ? AlarmLimit.WHEN_TRUE : null;
    }
    return p.map("alarm", false).flatMap(a -> AlarmLimits.read(a, q)).orElse(null);
  }
}
