package org.citysense.agent.driver;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.ProtocolFamily;

/**
 * An MQTT payload or CoAP representation from a device, as the drivers hand it on: {@link
 * JsonPayloads} accepts a JSON object or throws an {@link IOException}; then every point of the
 * bundled MQTT and CoAP profiles is extracted by its JSON pointer (or read as {@code text/plain})
 * and decoding never throws: a missing or wrong value is a reading of quality INVALID.
 */
class JsonPayloadsFuzzTest {
  private static final JsonPayloads JSON = new JsonPayloads();
  private static final List<Point> POINTS =
      ProfileCatalog.bundled().all().stream()
          .filter(p -> p.family() == ProtocolFamily.MQTT || p.family() == ProtocolFamily.COAP)
          .map(DeviceProfile::points)
          .flatMap(List::stream)
          .toList();

  @FuzzTest(maxDuration = "10s")
  void extract(byte[] payload) {
    assertThat(JsonPayloads.quote(payload)).isNotNull();
    RawValue text = new RawValue.Text(new String(payload, StandardCharsets.UTF_8));
    RawValue json;
    try {
      JsonNode document = JSON.object(payload);
      assertThat(document.isObject()).isTrue();
      json = new RawValue.Json(document);
    } catch (IOException e) {
      json = null;
    }
    for (Point point : POINTS) {
      assertThat(Decoder.decode("d", point, text, Instant.EPOCH)).isNotNull();
      if (json != null) {
        assertThat(Decoder.decode("d", point, json, Instant.EPOCH)).isNotNull();
      }
    }
  }
}
