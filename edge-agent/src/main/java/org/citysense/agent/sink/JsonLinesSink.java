package org.citysense.agent.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Map;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;

/**
 * Writes one JSON object per line, in the wire format's field names: {@code {"reading": {...}}} or
 * {@code {"status": {...}}}. For running the agent on its own, before the uplink exists.
 */
public final class JsonLinesSink implements ReadingSink {
  private final PrintWriter out;
  private final ObjectMapper json = new WireCodec().mapper();
  private final boolean closeOut;

  /**
   * @param closeOut whether {@link #close()} closes {@code out} (not for stdout)
   */
  public JsonLinesSink(PrintWriter out, boolean closeOut) {
    this.out = out;
    this.closeOut = closeOut;
  }

  @Override
  public void reading(WireReading reading, boolean alarm) {
    write(Map.of("reading", reading));
  }

  @Override
  public void edge(EdgeEvent event) {
    write(Map.of("edgeEvent", event));
  }

  @Override
  public void status(StatusChange change) {
    write(Map.of("status", change));
  }

  private synchronized void write(Object line) {
    try {
      out.println(json.writeValueAsString(line));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + line, e);
    }
  }

  @Override
  public void close() {
    if (closeOut) {
      out.close();
    } else {
      out.flush();
    }
  }
}
