package org.citysense.sim.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.math.BigDecimal;
import java.util.Optional;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.Value;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;

/**
 * The profile's typed values (what {@code Encoder.typed} gives, what {@code RawValue.Typed} takes)
 * as OPC UA variants of a node's data type, and back.
 */
final class Variants {
  /** 2^64, one past the largest UInt64. */
  private static final double TWO_TO_64 = 18446744073709551616.0;

  private Variants() {}

  /** The OPC UA data type of a node holding {@code type}. */
  static NodeId dataType(DataType type) {
    return switch (type) {
      case BOOL -> Identifiers.Boolean;
      case INT16 -> Identifiers.Int16;
      case UINT16 -> Identifiers.UInt16;
      case INT32 -> Identifiers.Int32;
      case UINT32 -> Identifiers.UInt32;
      case INT64 -> Identifiers.Int64;
      case UINT64 -> Identifiers.UInt64;
      case FLOAT32 -> Identifiers.Float;
      case FLOAT64 -> Identifiers.Double;
    };
  }

  /**
   * {@code typed} as a variant of {@code type}'s Java class. A number past what an integer type
   * holds (a scenario or garbage driving it there, or NaN) saturates at the type's limit, as a
   * PLC's conversion does, so the node never changes type.
   */
  static Variant of(DataType type, Value typed) {
    if (type == DataType.BOOL) {
      return new Variant(typed.asBoolean());
    }
    double n = typed.asDouble();
    return switch (type) {
      case INT16 -> new Variant((short) saturate(n, Short.MIN_VALUE, Short.MAX_VALUE));
      case UINT16 -> new Variant(ushort((int) saturate(n, 0, 0xFFFF)));
      case INT32 -> new Variant((int) saturate(n, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case UINT32 -> new Variant(uint((long) saturate(n, 0, 0xFFFF_FFFFL)));
      case INT64 -> new Variant(Double.isNaN(n) ? Long.MAX_VALUE : (long) n);
      case UINT64 -> new Variant(uint64(n));
      case FLOAT32 -> new Variant((float) n);
      default -> new Variant(n);
    };
  }

  /** The typed value a written variant carries: a boolean or a number; empty for anything else. */
  static Optional<Value> value(Variant variant) {
    Object o = variant.getValue();
    if (o instanceof Boolean b) {
      return Optional.of(Value.of(b));
    }
    if (o instanceof Number n) {
      return Optional.of(Value.of(n.doubleValue()));
    }
    return Optional.empty();
  }

  private static double saturate(double n, double min, double max) {
    return Double.isNaN(n) ? max : Math.max(min, Math.min(max, Math.rint(n)));
  }

  private static ULong uint64(double n) {
    if (Double.isNaN(n) || n >= TWO_TO_64) {
      return ULong.MAX;
    }
    return n <= 0 ? ULong.MIN : ULong.valueOf(new BigDecimal(Math.rint(n)).toBigInteger());
  }
}
