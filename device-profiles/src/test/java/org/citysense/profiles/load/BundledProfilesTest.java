package org.citysense.profiles.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bundled profile loads, decodes a known raw frame or register set, and round-trips. */
class BundledProfilesTest {
  private static final Instant AT = Instant.parse("2026-11-22T08:00:00Z");
  private static final ProfileCatalog CATALOG = ProfileCatalog.bundled();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyBundledProfileLoadsWithoutHints() {
    for (String name : ProfileCatalog.bundledNames()) {
      ProfileLoader.Loaded loaded =
          new ProfileLoader().parse(name, ProfileCatalog.bundledText(name));
      assertThat(loaded.hints()).as(name).isEmpty();
    }
    assertThat(CATALOG.ids())
        .containsExactly(
            "alarm-button-mqtt",
            "gas-lel-modbus",
            "pm25-rs485",
            "pm25-sds011",
            "pump-station-opcua",
            "smoke-nbiot-mqtt",
            "water-level-radar",
            "water-meter-coap",
            "water-meter-modbus");
  }

  static Stream<Arguments> knownRaw() throws Exception {
    return Stream.of(
        // humidity 0x0203 = 515 tenths; temperature 0xFF9C = -100 tenths
        registers("pm25-rs485", "humidity", new int[] {0x0203}, 51.5),
        registers("pm25-rs485", "temperature", new int[] {0xFF9C}, -10.0),
        registers("pm25-rs485", "pm2_5", new int[] {0x0023}, 35.0),
        registers("pm25-rs485", "pm10", new int[] {0x004B}, 75.0),
        // SDS011 example frame: PM2.5 0x04D4 = 1236 tenths, PM10 0x0A3A = 2618 tenths, sum 0x1D
        frame("pm25-sds011", "pm2_5", "AAC0D4043A0AA1601DAB", 123.6),
        frame("pm25-sds011", "pm10", "AAC0D4043A0AA1601DAB", 261.8),
        // 0x00FA = 250 tenths of %LEL
        registers("gas-lel-modbus", "gas", new int[] {0x00FA}, 25.0),
        bit("gas-lel-modbus", "gas_alarm", true),
        bit("gas-lel-modbus", "valve", false),
        json("smoke-nbiot-mqtt", "smoke", "{\"alarm\":true,\"density\":0.12}", true),
        json("smoke-nbiot-mqtt", "smoke_density", "{\"alarm\":false,\"density\":0.12}", 0.12),
        json("smoke-nbiot-mqtt", "battery", "{\"battery\":87}", 87.0),
        json("smoke-nbiot-mqtt", "signal", "{\"rssi\":-85}", -85.0),
        // 123456 L = 0x0001E240, low word first; 12.5 L/h = float32 0x41480000, low word first
        registers("water-meter-modbus", "volume", new int[] {0xE240, 0x0001}, 123.456),
        registers("water-meter-modbus", "flow", new int[] {0x0000, 0x4148}, 0.0125),
        registers("water-meter-modbus", "battery", new int[] {0x0057}, 87.0),
        json("water-meter-coap", "volume", "{\"total\":123456,\"flow\":12.5}", 123.456),
        json("water-meter-coap", "flow", "{\"total\":123456,\"flow\":12.5}", 0.0125),
        json("water-meter-coap", "battery", "{\"battery\":90}", 90.0),
        // 3.25 m = float32 0x40500000; 0x00FA = 250 tenths of a degree
        registers("water-level-radar", "level", new int[] {0x4050, 0x0000}, 3.25),
        registers("water-level-radar", "temperature", new int[] {0x00FA}, 25.0),
        json("alarm-button-mqtt", "pressed", "{\"pressed\":true,\"battery\":95}", true),
        json("alarm-button-mqtt", "battery", "{\"pressed\":true,\"battery\":95}", 95.0),
        // OPC UA variables come typed: 215 tenths of a degree in an Int16 node
        typed("pump-station-opcua", "level", Value.of(2.75), 2.75),
        typed("pump-station-opcua", "outflow", Value.of(412.5), 412.5),
        typed("pump-station-opcua", "gate_open", Value.of(true), true),
        typed("pump-station-opcua", "cabinet_temperature", Value.of(215), 21.5));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("knownRaw")
  void decodesKnownRawToCanonicalValue(
      String profile, String point, RawValue raw, Object expected) {
    Point p = point(profile, point);
    Reading reading = Decoder.decode("dev-1", p, raw, AT).reading();
    assertThat(reading.quality()).isEqualTo(Quality.GOOD);
    if (expected instanceof Boolean flag) {
      assertThat(reading.value()).isEqualTo(Value.of(flag));
    } else {
      assertThat(reading.value().asDouble()).isCloseTo((Double) expected, within(1e-9));
    }
  }

  @Test
  void everyBundledPointIsCoveredByAKnownRawCase() throws Exception {
    List<String> covered =
        knownRaw().map(a -> a.get()[0] + "/" + a.get()[1]).distinct().sorted().toList();
    List<String> all =
        CATALOG.all().stream()
            .flatMap(p -> p.points().stream().map(pt -> p.id() + "/" + pt.name()))
            .sorted()
            .toList();
    assertThat(covered).isEqualTo(all);
  }

  static Stream<Arguments> everyPoint() {
    return CATALOG.all().stream()
        .flatMap(p -> p.points().stream().map(pt -> Arguments.of(p.id(), pt.name())));
  }

  /** A value inside the point's range (or a plausible one) goes out and comes back the same. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyPoint")
  void encodingRoundTrips(String profileId, String pointName) throws Exception {
    DeviceProfile profile = CATALOG.find(profileId).orElseThrow();
    Point point = profile.point(pointName).orElseThrow();
    for (Value value : samples(point)) {
      Reading back = Decoder.decode("dev-1", point, encode(profile, point, value), AT).reading();
      assertThat(back.quality()).as("%s %s", pointName, value).isEqualTo(Quality.GOOD);
      if (value instanceof Value.Bool) {
        assertThat(back.value()).isEqualTo(value);
      } else {
        // integer registers hold the value to the point's resolution (its scale, in canonical
        // units)
        double resolution =
            Math.abs(
                point.unit().toCanonical(point.transform().scale()) - point.unit().toCanonical(0));
        assertThat(back.value().asDouble())
            .as("%s %s", pointName, value)
            .isCloseTo(value.asDouble(), within(resolution / 2 + 1e-6));
      }
    }
  }

  private static List<Value> samples(Point point) {
    if (point.quantity().isBoolean()) {
      return List.of(Value.of(true), Value.of(false));
    }
    double min = point.range() == null ? 0 : point.range().min();
    double max = point.range() == null ? 100 : point.range().max();
    return List.of(
        Value.of(min),
        Value.of(max),
        Value.of(min + (max - min) * 0.37),
        Value.of((min + max) / 2));
  }

  private static RawValue encode(DeviceProfile profile, Point point, Value value) throws Exception {
    Source source = point.source();
    if (source instanceof Source.Modbus m) {
      return m.table().isBitTable()
          ? new RawValue.Bit(Encoder.bit(point, value))
          : new RawValue.Registers(Encoder.registers(point, value));
    }
    if (source instanceof Source.FrameField) {
      return new RawValue.Frame(Encoder.frame(profile, Map.of(point.name(), value)));
    }
    if (source instanceof Source.OpcUa) {
      return new RawValue.Typed(Encoder.typed(point, value));
    }
    Map<String, Value> values = new LinkedHashMap<>();
    values.put(point.name(), value);
    String text = JSON.writeValueAsString(Encoder.json(profile.points(), values));
    return new RawValue.Json(JSON.readTree(text));
  }

  private static Point point(String profile, String name) {
    return CATALOG.find(profile).orElseThrow().point(name).orElseThrow();
  }

  private static Arguments registers(String profile, String point, int[] words, double v) {
    return Arguments.of(profile, point, new RawValue.Registers(words), v);
  }

  private static Arguments bit(String profile, String point, boolean on) {
    return Arguments.of(profile, point, new RawValue.Bit(on), on);
  }

  private static Arguments typed(String profile, String point, Value raw, Object v) {
    return Arguments.of(profile, point, new RawValue.Typed(raw), v);
  }

  private static Arguments frame(String profile, String point, String hex, double v) {
    return Arguments.of(profile, point, new RawValue.Frame(HexFormat.of().parseHex(hex)), v);
  }

  private static Arguments json(String profile, String point, String json, Object v)
      throws Exception {
    return Arguments.of(profile, point, new RawValue.Json(JSON.readTree(json)), v);
  }
}
