package org.citysense.profiles.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.citysense.profiles.decode.Crc16;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/profiles.md ("From a datasheet to a profile"): the profile file loads
 * without problems or hints, the YAML shown in the doc is that file, and the datasheet's example
 * response decodes to the values the datasheet gives.
 */
class DocsWorkedExampleTest {
  private static final Path DOC = Path.of("../docs/profiles.md");
  private static final Path EXAMPLE = Path.of("../docs/examples/profiles/th-xy-md02.yaml");
  private static final String MARKER = "<!-- example: docs/examples/profiles/th-xy-md02.yaml -->";
  private static final Instant AT = Instant.parse("2026-11-22T08:00:00Z");

  private static DeviceProfile profile() {
    ProfileLoader.Loaded loaded = new ProfileLoader().load(EXAMPLE);
    assertThat(loaded.hints()).isEmpty();
    return loaded.profile();
  }

  @Test
  void theYamlInTheDocIsTheExampleFile() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int marker = doc.indexOf(MARKER);
    assertThat(marker).as("marker in docs/profiles.md").isNotNegative();
    int start = doc.indexOf("```yaml\n", marker) + "```yaml\n".length();
    int end = doc.indexOf("```\n", start);
    assertThat(doc.substring(start, end))
        .isEqualTo(Files.readString(EXAMPLE, StandardCharsets.UTF_8));
  }

  @Test
  void loadsAsTheDocSays() {
    DeviceProfile p = profile();
    assertThat(p.id()).isEqualTo("th-xy-md02");
    assertThat(p.pointNames()).containsExactly("temperature", "humidity");
    assertThat(p.serial().baud()).isEqualTo(9600);
    assertThat(p.point("temperature").orElseThrow().interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.point("humidity").orElseThrow().interval()).isEqualTo(Duration.ofSeconds(60));
  }

  /** Datasheet: request 01 04 00 01 00 02 20 0B, response 01 04 04 01 31 02 22 2A CE. */
  @Test
  void decodesTheDatasheetResponse() {
    byte[] response = HexFormat.of().parseHex("010404013102222ACE");
    int crc = Crc16.modbus(response, 0, response.length - 2);
    assertThat(crc & 0xFF).isEqualTo(response[7] & 0xFF); // CRC travels low byte first
    assertThat(crc >>> 8).isEqualTo(response[8] & 0xFF);
    // byte count 4: two registers from address 0x0001, high byte first
    int[] words = {
      (response[3] & 0xFF) << 8 | (response[4] & 0xFF),
      (response[5] & 0xFF) << 8 | (response[6] & 0xFF)
    };
    DeviceProfile p = profile();

    Reading t = decode(p, "temperature", words[0]);
    assertThat(t.value().asDouble()).isCloseTo(30.5, within(1e-9));
    assertThat(t.unit()).isEqualTo("°C");
    assertThat(t.quality()).isEqualTo(Quality.GOOD);

    Reading h = decode(p, "humidity", words[1]);
    assertThat(h.value().asDouble()).isCloseTo(54.6, within(1e-9));
    assertThat(h.unit()).isEqualTo("%RH");
    assertThat(h.quality()).isEqualTo(Quality.GOOD);
  }

  @Test
  void belowZeroIsSignedAndAbsurdIsOutOfRange() {
    DeviceProfile p = profile();
    assertThat(decode(p, "temperature", 0xFF9C).value().asDouble()).isCloseTo(-10.0, within(1e-9));
    Reading absurd = decode(p, "temperature", 0x7FFF); // 3276.7 °C: kept, marked
    assertThat(absurd.quality()).isEqualTo(Quality.OUT_OF_RANGE);
  }

  private static Reading decode(DeviceProfile p, String point, int word) {
    return Decoder.decode(
            "th-101", p.point(point).orElseThrow(), new RawValue.Registers(new int[] {word}), AT)
        .reading();
  }
}
