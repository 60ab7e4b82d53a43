package org.citysense.agent.driver;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPayloadsTest {
  private final JsonPayloads json = new JsonPayloads();

  @Test
  void parsesAnObject() throws IOException {
    assertThat(
            json.object("{\"alarm\":true,\"density\":0.5}".getBytes(UTF_8))
                .at("/density")
                .asDouble())
        .isEqualTo(0.5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{not json", "42", "[1,2]", "{\"a\":1} trailing", "null"})
  void refusesAnythingButOneObject(String payload) {
    assertThatThrownBy(() -> json.object(payload.getBytes(UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("(" + payload.getBytes(UTF_8).length + " bytes)");
  }

  @Test
  void quotesOnlyTheStartOfALongPayloadWithoutControlCharacters() {
    String quoted = JsonPayloads.quote(("\u0001" + "x".repeat(100)).getBytes(UTF_8));

    assertThat(quoted).startsWith("\"?xxx").contains("…").endsWith("(101 bytes)");
  }
}
