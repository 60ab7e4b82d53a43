package org.citysense.sim.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.util.Map;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.Value;
import org.eclipse.milo.opcua.stack.core.BuiltinDataType;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.junit.jupiter.api.Test;

class VariantsTest {

  @Test
  void eachProfileTypeIsTheOpcUaTypeOfItsName() {
    Map<DataType, BuiltinDataType> expected =
        Map.of(
            DataType.BOOL, BuiltinDataType.Boolean,
            DataType.INT16, BuiltinDataType.Int16,
            DataType.UINT16, BuiltinDataType.UInt16,
            DataType.INT32, BuiltinDataType.Int32,
            DataType.UINT32, BuiltinDataType.UInt32,
            DataType.INT64, BuiltinDataType.Int64,
            DataType.UINT64, BuiltinDataType.UInt64,
            DataType.FLOAT32, BuiltinDataType.Float,
            DataType.FLOAT64, BuiltinDataType.Double);
    for (DataType type : DataType.values()) {
      BuiltinDataType builtin = expected.get(type);
      assertThat(Variants.dataType(type)).as(type.id()).isEqualTo(builtin.getNodeId());
      Object value = Variants.of(type, Value.of(type == DataType.BOOL ? 1 : 7)).getValue();
      assertThat(value).as(type.id()).isInstanceOf(builtin.getBackingClass());
    }
  }

  @Test
  void numbersKeepTheirValueWithinTheType() {
    assertThat(Variants.of(DataType.INT16, Value.of(-314))).isEqualTo(new Variant((short) -314));
    assertThat(Variants.of(DataType.UINT16, Value.of(65535))).isEqualTo(new Variant(ushort(65535)));
    assertThat(Variants.of(DataType.UINT32, Value.of(4e9)))
        .isEqualTo(new Variant(uint(4_000_000_000L)));
    assertThat(Variants.of(DataType.INT64, Value.of(-1e15)))
        .isEqualTo(new Variant(-1_000_000_000_000_000L));
    assertThat(Variants.of(DataType.UINT64, Value.of(1e19)))
        .isEqualTo(new Variant(ULong.valueOf("10000000000000000000")));
    assertThat(Variants.of(DataType.FLOAT32, Value.of(0.1))).isEqualTo(new Variant(0.1f));
    assertThat(Variants.of(DataType.FLOAT64, Value.of(0.1))).isEqualTo(new Variant(0.1));
    assertThat(Variants.of(DataType.BOOL, Value.of(false))).isEqualTo(new Variant(false));
  }

  @Test
  void numbersPastAnIntegerTypeSaturateAndNanIsItsMaximum() {
    assertThat(Variants.of(DataType.INT16, Value.of(999_990)))
        .isEqualTo(new Variant(Short.MAX_VALUE));
    assertThat(Variants.of(DataType.INT16, Value.of(-999_990)))
        .isEqualTo(new Variant(Short.MIN_VALUE));
    assertThat(Variants.of(DataType.UINT16, Value.of(-5))).isEqualTo(new Variant(ushort(0)));
    assertThat(Variants.of(DataType.UINT32, Value.of(Double.NaN)))
        .isEqualTo(new Variant(uint(0xFFFF_FFFFL)));
    assertThat(Variants.of(DataType.UINT64, Value.of(1e30))).isEqualTo(new Variant(ULong.MAX));
    assertThat(Variants.of(DataType.INT32, Value.of(1e30)))
        .isEqualTo(new Variant(Integer.MAX_VALUE));
    assertThat(Variants.of(DataType.FLOAT64, Value.of(Double.NaN)).getValue())
        .isEqualTo(Double.NaN);
  }

  @Test
  void writtenVariantsBecomeTypedValuesAndOtherKindsNothing() {
    assertThat(Variants.value(new Variant(true))).contains(Value.of(true));
    assertThat(Variants.value(new Variant((short) -5))).contains(Value.of(-5));
    assertThat(Variants.value(new Variant(uint(4_000_000_000L)))).contains(Value.of(4e9));
    assertThat(Variants.value(new Variant(2.5f))).contains(Value.of(2.5));
    assertThat(Variants.value(new Variant("1.5"))).isEmpty();
    assertThat(Variants.value(new Variant(ByteString.of(new byte[] {1})))).isEmpty();
    assertThat(Variants.value(Variant.NULL_VALUE)).isEmpty();
  }
}
