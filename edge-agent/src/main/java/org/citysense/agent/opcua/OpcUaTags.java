package org.citysense.agent.opcua;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;

/**
 * A point's node as PLC4X addresses it. PLC4X wants the namespace spelled out ({@code ns=0;i=2258},
 * not {@code i=2258}) and, for a write, the variable's type after the node ({@code
 * ns=2;s=Pump/gate;BOOL}), from which it builds the variant it sends; a read needs no type.
 */
final class OpcUaTags {
  /** What PLC4X 0.13.1's OpcuaTag accepts: no ';' inside the identifier. */
  private static final Pattern ADDRESSABLE = Pattern.compile("ns=\\d+;[isg]=[^;]+");

  private OpcUaTags() {}

  /** The node id of {@code point} on {@code deviceId}, as the profile names it, filled in. */
  static String node(Point point, String deviceId) {
    return source(point).nodeFor(deviceId);
  }

  /**
   * The address PLC4X reads {@code node} at.
   *
   * @throws IllegalArgumentException when PLC4X cannot address the node (an opaque b= id, a ';'
   *     inside a string id)
   */
  static String read(String node) {
    String full = node.startsWith("ns=") ? node : "ns=0;" + node;
    if (!ADDRESSABLE.matcher(full).matches()) {
      throw new IllegalArgumentException(
          "PLC4X cannot address node "
              + node
              + ": it takes numeric (i=), string (s=) and GUID (g=) ids without ';'");
    }
    return full;
  }

  /** The address PLC4X writes {@code node} of {@code type} at. */
  static String write(String node, DataType type) {
    return read(node) + ";" + plc4xType(type);
  }

  /** PLC4X's name (IEC 61131-3's) for an OPC UA variable of {@code type}. */
  static String plc4xType(DataType type) {
    return switch (type) {
      case BOOL -> "BOOL";
      case INT16 -> "INT";
      case UINT16 -> "UINT";
      case INT32 -> "DINT";
      case UINT32 -> "UDINT";
      case INT64 -> "LINT";
      case UINT64 -> "ULINT";
      case FLOAT32 -> "REAL";
      case FLOAT64 -> "LREAL";
    };
  }

  /**
   * The Java value PLC4X turns into a variant of {@code type}: a typed value from {@link
   * org.citysense.profiles.decode.Encoder#typed}, already rounded for an integer type.
   *
   * @throws IllegalArgumentException when the value does not fit the type
   */
  static Object javaValue(Point point, DataType type, Value typed) {
    if (type == DataType.BOOL) {
      return typed.asBoolean();
    }
    double v = typed.asDouble();
    if (type.isFloat()) {
      return type == DataType.FLOAT32 ? (Object) (float) v : (Object) v;
    }
    int bits = type.bytes() * 8;
    BigInteger min = type.isSigned() ? BigInteger.TWO.pow(bits - 1).negate() : BigInteger.ZERO;
    BigInteger max = BigInteger.TWO.pow(type.isSigned() ? bits - 1 : bits).subtract(BigInteger.ONE);
    BigInteger whole = Double.isFinite(v) ? new BigDecimal(Math.rint(v)).toBigInteger() : null;
    if (whole == null || whole.compareTo(min) < 0 || whole.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          typed + " for point " + point.name() + " does not fit in " + type);
    }
    return switch (type) {
      case INT16 -> whole.shortValue();
      case UINT16, INT32 -> whole.intValue();
      case UINT32, INT64 -> whole.longValue();
      default -> whole; // uint64
    };
  }

  static Source.OpcUa source(Point point) {
    if (point.source() instanceof Source.OpcUa o) {
      return o;
    }
    throw new IllegalArgumentException("point " + point.name() + " is not an OPC UA point");
  }
}
