package org.citysense.profiles.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.Arrays;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Transform;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.model.WordOrder;

/**
 * The one decoding pipeline: the only place where raw registers, frame bytes or JSON become sensor
 * values. Stateless. The stages, in order: byte/word order, typed value, bit/mask, scale/offset,
 * canonical unit, range check, {@link Reading}. {@link Encoder} is its inverse.
 */
public final class Decoder {
  private static final MathContext SIGNIFICANT = new MathContext(15);

  private Decoder() {}

  /** Decodes {@code raw} for {@code point} of device {@code deviceId}, read at {@code at}. */
  public static Decoded decode(String deviceId, Point point, RawValue raw, Instant at) {
    try {
      Value value = typed(point, raw);
      return finish(deviceId, point, value, at);
    } catch (BadRaw e) {
      Reading reading =
          new Reading(deviceId, point.name(), point.quantity(), null, at, Quality.INVALID);
      return new Decoded(reading, e.getMessage());
    }
  }

  /** Stages after the typed value: scale/offset, unit, range. Booleans pass straight through. */
  private static Decoded finish(String deviceId, Point point, Value value, Instant at) {
    if (point.quantity().isBoolean()) {
      Value flag = Value.of(value.asBoolean());
      return new Decoded(
          new Reading(deviceId, point.name(), point.quantity(), flag, at, Quality.GOOD), null);
    }
    Transform t = point.transform();
    double reported = value.asDouble() * t.scale() + t.offset();
    double canonical = point.unit().toCanonical(reported);
    if (!t.isIdentity() || point.unit() != point.quantity().canonicalUnit()) {
      canonical = trimArithmeticNoise(canonical);
    }
    Quality quality = Quality.GOOD;
    String problem = null;
    if (point.range() != null && !point.range().contains(canonical)) {
      quality = Quality.OUT_OF_RANGE;
      problem = canonical + " " + point.quantity().canonicalUnit() + " is outside " + point.range();
    }
    Reading reading =
        new Reading(deviceId, point.name(), point.quantity(), Value.of(canonical), at, quality);
    return new Decoded(reading, problem);
  }

  /**
   * Rounds to 15 significant digits, which a double always holds, so that 9999 × 0.1 is 999.9 and
   * not 999.9000000000001: a value exactly at its range limit stays in range. Only applied after
   * arithmetic, so a plain 64-bit integer keeps all the precision a double has.
   */
  private static double trimArithmeticNoise(double value) {
    if (value == 0 || !Double.isFinite(value)) {
      return value;
    }
    return new BigDecimal(value).round(SIGNIFICANT).doubleValue();
  }

  /** Raw form to a typed value (after order, bit and mask), checked for sense. */
  private static Value typed(Point point, RawValue raw) {
    Source source = point.source();
    Value value;
    if (source instanceof Source.Modbus m) {
      value = fromModbus(point, m, raw);
    } else if (source instanceof Source.FrameField f) {
      value = fromFrame(point, f, raw);
    } else if (source instanceof Source.Mqtt q) {
      value = fromJson(q.pointer(), raw);
    } else if (source instanceof Source.OpcUa) {
      if (!(raw instanceof RawValue.Typed typed)) {
        throw new BadRaw("expected a typed value, got " + kind(raw));
      }
      value = typed.value();
    } else {
      Source.Coap c = (Source.Coap) source;
      value = c.pointer().isEmpty() ? fromText(raw) : fromJson(c.pointer(), raw);
    }
    if (value instanceof Value.Num n && !Double.isFinite(n.value())) {
      throw new BadRaw("the device sent " + n.value());
    }
    if (value instanceof Value.Bool && !point.quantity().isBoolean()) {
      throw new BadRaw("expected a number for " + point.quantity() + ", got " + value);
    }
    return value;
  }

  private static Value fromModbus(Point point, Source.Modbus m, RawValue raw) {
    if (m.table().isBitTable()) {
      if (raw instanceof RawValue.Bit bit) {
        return Value.of(bit.on());
      }
      throw new BadRaw("expected a bit from the " + m.table() + ", got " + kind(raw));
    }
    if (!(raw instanceof RawValue.Registers registers)) {
      throw new BadRaw("expected registers, got " + kind(raw));
    }
    int[] words = registers.words();
    if (words.length != m.type().registers()) {
      throw new BadRaw(
          "expected "
              + m.type().registers()
              + " register(s) for "
              + m.type()
              + ", got "
              + words.length);
    }
    return fromBytes(point, m.type(), m.wordOrder(), BigEndian.fromRegisters(words));
  }

  private static Value fromFrame(Point point, Source.FrameField f, RawValue raw) {
    if (!(raw instanceof RawValue.Frame frame)) {
      throw new BadRaw("expected a frame, got " + kind(raw));
    }
    byte[] bytes = frame.bytes();
    if (f.offset() + f.type().bytes() > bytes.length) {
      throw new BadRaw(
          "frame of " + bytes.length + " bytes is too short for field at " + f.offset());
    }
    byte[] field = Arrays.copyOfRange(bytes, f.offset(), f.offset() + f.type().bytes());
    return fromBytes(point, f.type(), f.wordOrder(), field);
  }

  private static Value fromBytes(Point point, DataType type, WordOrder order, byte[] wire) {
    byte[] bigEndian = order.reorder(wire);
    if (type.isFloat()) {
      return Value.of(BigEndian.readFloat(bigEndian, type));
    }
    long integer = BigEndian.readInteger(bigEndian, type);
    Transform t = point.transform();
    if (t.bit() != null) {
      return Value.of(((integer >>> t.bit()) & 1) == 1);
    }
    if (t.mask() != null) {
      integer = (integer & t.mask()) >>> Long.numberOfTrailingZeros(t.mask());
    }
    return Value.of(BigEndian.integerToDouble(integer, type));
  }

  private static Value fromJson(String pointer, RawValue raw) {
    if (!(raw instanceof RawValue.Json json)) {
      throw new BadRaw("expected a JSON document, got " + kind(raw));
    }
    JsonNode node = json.document().at(pointer);
    if (node.isMissingNode() || node.isNull()) {
      throw new BadRaw("the payload has no " + pointer);
    }
    if (node.isBoolean()) {
      return Value.of(node.booleanValue());
    }
    if (node.isNumber()) {
      return Value.of(node.doubleValue());
    }
    if (node.isTextual()) {
      return parseText(node.textValue(), pointer);
    }
    throw new BadRaw(pointer + " is not a number or a boolean");
  }

  private static Value fromText(RawValue raw) {
    if (!(raw instanceof RawValue.Text text)) {
      throw new BadRaw("expected text, got " + kind(raw));
    }
    return parseText(text.text().strip(), "the payload");
  }

  private static Value parseText(String text, String where) {
    switch (text) {
      case "true":
        return Value.of(true);
      case "false":
        return Value.of(false);
      default:
        try {
          return Value.of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
          throw new BadRaw(where + " is \"" + abbreviate(text) + "\", not a number");
        }
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 32 ? text : text.substring(0, 32) + "…";
  }

  private static String kind(RawValue raw) {
    return raw.getClass().getSimpleName().toLowerCase();
  }

  /** A raw value that cannot become a reading; the reading is marked invalid. */
  private static final class BadRaw extends RuntimeException {
    BadRaw(String message) {
      super(message, null, false, false);
    }
  }
}
