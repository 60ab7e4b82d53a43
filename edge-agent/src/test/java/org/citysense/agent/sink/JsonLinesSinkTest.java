package org.citysense.agent.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.DeviceState;
import org.citysense.profiles.wire.EdgeAction;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.Test;

/** The agent's JSON lines, for scripts that read its output: as databind wrote them. */
class JsonLinesSinkTest {
  private static final long TS = 1_795_334_400_000L;

  @Test
  void writesOneObjectPerLineAsDatabindDid() throws Exception {
    WireReading reading =
        new WireReading(
            1, "pm-1", "pm2_5", Quantity.PM2_5, Value.of(35.5), "µg/m³", TS, Quality.GOOD);
    StatusChange status = new StatusChange(2, "gas-1", DeviceState.OFFLINE, "no \"answer\"", TS);
    EdgeEvent event =
        new EdgeEvent(
            3,
            "gas-1",
            "gas",
            EdgeEvent.RAISED,
            Value.of(25.0),
            ">= 20.0",
            TS,
            List.of(new EdgeAction("gas-1", "valve", Value.of(false), true, null)));
    StringWriter out = new StringWriter();
    try (JsonLinesSink sink = new JsonLinesSink(new PrintWriter(out), true)) {
      sink.reading(reading, false);
      sink.status(status);
      sink.edge(event);
    }

    ObjectMapper databind = new WireCodec().mapper();
    assertThat(out.toString().lines().toList())
        .containsExactly(
            databind.writeValueAsString(Map.of("reading", reading)),
            databind.writeValueAsString(Map.of("status", status)),
            databind.writeValueAsString(Map.of("edgeEvent", event)));
  }
}
