package org.citysense.agent.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.Test;

/** The status document comes out as databind pretty-printed it, for people and for scripts. */
class StatusJsonTest {
  private final StatusJson json = new StatusJson();

  @Test
  void writesWhatDatabindWrote() throws Exception {
    Map<String, Object> uplink = new LinkedHashMap<>();
    uplink.put("cloud", "https://cloud.example.org");
    uplink.put("bufferDepth", 1234);
    uplink.put("bufferBytes", 1_500_000L);
    uplink.put("oldestUnsent", null);
    uplink.put("diskError", false);
    uplink.put("lastError", "cannot connect to \"cloud\": refused\n");
    Map<String, Object> points = new LinkedHashMap<>();
    points.put(
        "pm2_5",
        new WireReading(
            7, "pm-1", "pm2_5", Quantity.PM2_5, Value.of(35.5), "µg/m³", 1L, Quality.GOOD));
    points.put(
        "smoke",
        new WireReading(8, "pm-1", "smoke", Quantity.SMOKE, null, "bool", 2L, Quality.COMM_ERROR));
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("id", "pm-1");
    device.put("consecutiveFailures", 0);
    device.put("points", points);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("gatewayId", "gw-上海");
    doc.put("time", Instant.EPOCH.toString());
    doc.put("devices", List.of(device, Map.of()));
    doc.put("buses", new ArrayList<>());
    doc.put("push", List.of("mqtt tcp://127.0.0.1:1883 (connected)"));
    doc.put("ratio", 0.1);
    doc.put("uplink", uplink);

    String expected =
        new WireCodec().mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc);
    assertThat(new String(json.pretty(doc), StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @Test
  void refusesWhatItCannotWriteRatherThanGuess() {
    assertThatThrownBy(() -> json.pretty(Map.of("when", Instant.EPOCH)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.time.Instant");
    assertThatThrownBy(() -> json.pretty(Arrays.asList(new Object())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
