package org.citysense.profiles.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Transform;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.model.WordOrder;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.quantity.Unit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every data type in every byte/word order it allows, with the registers worked out by hand. The
 * value travels as bytes A B C D (most significant first); the order code says how they are laid
 * out in the registers on the wire.
 */
class DataTypeOrderTest {
  private static final Instant AT = Instant.parse("2026-11-22T08:00:00Z");

  static Stream<Arguments> cases() {
    return Stream.of(
        // int16 -2 = 0xFFFE
        Arguments.of(DataType.INT16, WordOrder.ABCD, new int[] {0xFFFE}, -2.0),
        Arguments.of(DataType.INT16, WordOrder.BADC, new int[] {0xFEFF}, -2.0),
        // uint16 4660 = 0x1234
        Arguments.of(DataType.UINT16, WordOrder.ABCD, new int[] {0x1234}, 4660.0),
        Arguments.of(DataType.UINT16, WordOrder.BADC, new int[] {0x3412}, 4660.0),
        Arguments.of(DataType.UINT16, WordOrder.ABCD, new int[] {0xFFFE}, 65534.0),
        // int32 -123456789 = 0xF8A432EB
        Arguments.of(DataType.INT32, WordOrder.ABCD, new int[] {0xF8A4, 0x32EB}, -123456789.0),
        Arguments.of(DataType.INT32, WordOrder.CDAB, new int[] {0x32EB, 0xF8A4}, -123456789.0),
        Arguments.of(DataType.INT32, WordOrder.BADC, new int[] {0xA4F8, 0xEB32}, -123456789.0),
        Arguments.of(DataType.INT32, WordOrder.DCBA, new int[] {0xEB32, 0xA4F8}, -123456789.0),
        // uint32 3000000000 = 0xB2D05E00
        Arguments.of(DataType.UINT32, WordOrder.ABCD, new int[] {0xB2D0, 0x5E00}, 3.0e9),
        Arguments.of(DataType.UINT32, WordOrder.CDAB, new int[] {0x5E00, 0xB2D0}, 3.0e9),
        Arguments.of(DataType.UINT32, WordOrder.BADC, new int[] {0xD0B2, 0x005E}, 3.0e9),
        Arguments.of(DataType.UINT32, WordOrder.DCBA, new int[] {0x005E, 0xD0B2}, 3.0e9),
        // float32 12.5 = 0x41480000
        Arguments.of(DataType.FLOAT32, WordOrder.ABCD, new int[] {0x4148, 0x0000}, 12.5),
        Arguments.of(DataType.FLOAT32, WordOrder.CDAB, new int[] {0x0000, 0x4148}, 12.5),
        Arguments.of(DataType.FLOAT32, WordOrder.BADC, new int[] {0x4841, 0x0000}, 12.5),
        Arguments.of(DataType.FLOAT32, WordOrder.DCBA, new int[] {0x0000, 0x4841}, 12.5),
        // float32 142.3 = 0x430E4CCD: read as 142.3, not the 142.3000030517578 a cast to double
        // gives
        Arguments.of(DataType.FLOAT32, WordOrder.ABCD, new int[] {0x430E, 0x4CCD}, 142.3),
        // float32 -0.15625 = 0xBE200000
        Arguments.of(DataType.FLOAT32, WordOrder.CDAB, new int[] {0x0000, 0xBE20}, -0.15625),
        // int64 0x0102030405060708 = 72623859790382856
        Arguments.of(
            DataType.INT64,
            WordOrder.ABCD,
            new int[] {0x0102, 0x0304, 0x0506, 0x0708},
            72623859790382856.0),
        Arguments.of(
            DataType.INT64,
            WordOrder.CDAB,
            new int[] {0x0708, 0x0506, 0x0304, 0x0102},
            72623859790382856.0),
        Arguments.of(
            DataType.INT64,
            WordOrder.BADC,
            new int[] {0x0201, 0x0403, 0x0605, 0x0807},
            72623859790382856.0),
        Arguments.of(
            DataType.INT64,
            WordOrder.DCBA,
            new int[] {0x0807, 0x0605, 0x0403, 0x0201},
            72623859790382856.0),
        // int64 -2 = 0xFFFFFFFFFFFFFFFE
        Arguments.of(
            DataType.INT64, WordOrder.CDAB, new int[] {0xFFFE, 0xFFFF, 0xFFFF, 0xFFFF}, -2.0),
        // uint64 0x8000000000000001 = 9223372036854775809, as a double 9.223372036854776E18
        Arguments.of(
            DataType.UINT64,
            WordOrder.ABCD,
            new int[] {0x8000, 0x0000, 0x0000, 0x0001},
            9.223372036854775809e18),
        Arguments.of(
            DataType.UINT64,
            WordOrder.CDAB,
            new int[] {0x0001, 0x0000, 0x0000, 0x8000},
            9.223372036854775809e18),
        Arguments.of(
            DataType.UINT64,
            WordOrder.BADC,
            new int[] {0x0080, 0x0000, 0x0000, 0x0100},
            9.223372036854775809e18),
        Arguments.of(
            DataType.UINT64,
            WordOrder.DCBA,
            new int[] {0x0100, 0x0000, 0x0000, 0x0080},
            9.223372036854775809e18),
        // uint64 1000 = 0x00000000000003E8
        Arguments.of(
            DataType.UINT64, WordOrder.DCBA, new int[] {0xE803, 0x0000, 0x0000, 0x0000}, 1000.0),
        // float64 12.5 = 0x4029000000000000
        Arguments.of(
            DataType.FLOAT64, WordOrder.ABCD, new int[] {0x4029, 0x0000, 0x0000, 0x0000}, 12.5),
        Arguments.of(
            DataType.FLOAT64, WordOrder.CDAB, new int[] {0x0000, 0x0000, 0x0000, 0x4029}, 12.5),
        Arguments.of(
            DataType.FLOAT64, WordOrder.BADC, new int[] {0x2940, 0x0000, 0x0000, 0x0000}, 12.5),
        Arguments.of(
            DataType.FLOAT64, WordOrder.DCBA, new int[] {0x0000, 0x0000, 0x0000, 0x2940}, 12.5));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void decodesHandWorkedRegisters(DataType type, WordOrder order, int[] words, double expected) {
    Point point = point(type, order);
    Reading reading = Decoder.decode("dev-1", point, new RawValue.Registers(words), AT).reading();
    assertThat(reading.quality()).isEqualTo(Quality.GOOD);
    assertThat(reading.value().asDouble()).isEqualTo(expected);
  }

  /**
   * Values travel as doubles, so a 64-bit integer above 2^53 loses its lowest bits on the way
   * (docs/profiles.md says so); encoding is checked where the value is exact.
   */
  static Stream<Arguments> exactCases() {
    return cases().filter(a -> Math.abs((double) a.get()[3]) <= 0x1p53);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("exactCases")
  void encodesToTheSameRegisters(DataType type, WordOrder order, int[] words, double value) {
    assertThat(Encoder.registers(point(type, order), Value.of(value))).containsExactly(words);
  }

  @org.junit.jupiter.api.Test
  void bitTablesDecodeToBooleans() {
    Point coil =
        new Point(
            "valve",
            Quantity.VALVE_OPEN,
            Unit.BOOL,
            new Source.Modbus(ModbusTable.COIL, 0, DataType.BOOL, WordOrder.ABCD),
            Transform.IDENTITY,
            null,
            Duration.ofSeconds(1),
            null,
            true);
    assertThat(Decoder.decode("d", coil, new RawValue.Bit(true), AT).reading().value())
        .isEqualTo(Value.of(true));
    assertThat(Decoder.decode("d", coil, new RawValue.Bit(false), AT).reading().value())
        .isEqualTo(Value.of(false));
    assertThat(Encoder.bit(coil, Value.of(true))).isTrue();
  }

  @org.junit.jupiter.api.Test
  void nanAndInfinityAreInvalidWithoutValue() {
    Point point = point(DataType.FLOAT32, WordOrder.ABCD);
    Decoded nan = Decoder.decode("d", point, new RawValue.Registers(new int[] {0x7FC0, 0}), AT);
    Decoded inf = Decoder.decode("d", point, new RawValue.Registers(new int[] {0x7F80, 0}), AT);
    assertThat(nan.reading().quality()).isEqualTo(Quality.INVALID);
    assertThat(nan.reading().value()).isNull();
    assertThat(nan.problem()).isEqualTo("the device sent NaN");
    assertThat(inf.reading().quality()).isEqualTo(Quality.INVALID);
    assertThat(inf.problem()).isEqualTo("the device sent Infinity");
  }

  @org.junit.jupiter.api.Test
  void wrongRegisterCountIsInvalid() {
    Decoded decoded =
        Decoder.decode(
            "d",
            point(DataType.FLOAT32, WordOrder.ABCD),
            new RawValue.Registers(new int[] {1}),
            AT);
    assertThat(decoded.reading().quality()).isEqualTo(Quality.INVALID);
    assertThat(decoded.problem()).isEqualTo("expected 2 register(s) for float32, got 1");
  }

  @org.junit.jupiter.api.Test
  void bitAndMaskPickTheirFieldAndMergeOnEncode() {
    Point bit3 =
        new Point(
            "fault",
            Quantity.GAS_ALARM,
            Unit.BOOL,
            new Source.Modbus(ModbusTable.INPUT_REGISTER, 5, DataType.UINT16, WordOrder.ABCD),
            new Transform(3, null, 1, 0),
            null,
            Duration.ofSeconds(1),
            null,
            false);
    // 0x0008: bit 3 set
    assertThat(decode(bit3, 0x0008).value()).isEqualTo(Value.of(true));
    assertThat(decode(bit3, 0xFFF7).value()).isEqualTo(Value.of(false));
    assertThat(Encoder.registers(bit3, Value.of(true), new int[] {0x0101})).containsExactly(0x0109);
    assertThat(Encoder.registers(bit3, Value.of(false), new int[] {0x0109}))
        .containsExactly(0x0101);

    Point highByte =
        new Point(
            "battery",
            Quantity.BATTERY,
            Unit.PERCENT,
            new Source.Modbus(ModbusTable.INPUT_REGISTER, 5, DataType.UINT16, WordOrder.ABCD),
            new Transform(null, 0xFF00L, 1, 0),
            null,
            Duration.ofSeconds(1),
            null,
            false);
    // 0x5A07: high byte 0x5A = 90
    assertThat(decode(highByte, 0x5A07).value()).isEqualTo(Value.of(90.0));
    assertThat(Encoder.registers(highByte, Value.of(90.0), new int[] {0x0007}))
        .containsExactly(0x5A07);
    assertThatThrownBy(() -> Encoder.registers(highByte, Value.of(300.0)))
        .hasMessage("300.0 for point battery is raw 300.0, which does not fit in mask 0xff00");
  }

  @org.junit.jupiter.api.Test
  void scaleOffsetThenUnitThenRange() {
    Point level =
        new Point(
            "level",
            Quantity.WATER_LEVEL,
            Unit.MILLIMETRE,
            new Source.Modbus(ModbusTable.HOLDING_REGISTER, 0, DataType.INT16, WordOrder.ABCD),
            new Transform(null, null, 2, -100),
            new org.citysense.profiles.model.Range(0, 10),
            Duration.ofSeconds(1),
            null,
            false);
    // 1300 * 2 - 100 = 2500 mm = 2.5 m
    Reading good = decode(level, 1300);
    assertThat(good.value().asDouble()).isEqualTo(2.5);
    assertThat(good.quality()).isEqualTo(Quality.GOOD);
    // 6000 * 2 - 100 = 11900 mm = 11.9 m > 10 m: out of range, value kept
    Reading high = decode(level, 6000);
    assertThat(high.value().asDouble()).isEqualTo(11.9);
    assertThat(high.quality()).isEqualTo(Quality.OUT_OF_RANGE);
    assertThat(Encoder.registers(level, Value.of(2.5))).containsExactly(1300);
  }

  private static Reading decode(Point point, int word) {
    return Decoder.decode("d", point, new RawValue.Registers(new int[] {word}), AT).reading();
  }

  private static Point point(DataType type, WordOrder order) {
    return new Point(
        "p",
        Quantity.WATER_VOLUME,
        Unit.CUBIC_METRE,
        new Source.Modbus(ModbusTable.HOLDING_REGISTER, 0, type, order),
        Transform.IDENTITY,
        null,
        Duration.ofSeconds(10),
        null,
        false);
  }
}
