package org.citysense.agent.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;
import org.citysense.profiles.wire.WireWriter;

/**
 * Writes one JSON object per line, in the wire format's field names: {@code {"reading": {...}}} or
 * {@code {"status": {...}}}. For running the agent on its own, before the uplink exists.
 */
public final class JsonLinesSink implements ReadingSink {
  private final PrintWriter out;
  private final JsonFactory json = new JsonFactory();
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
    write("reading", g -> WireWriter.write(g, reading));
  }

  @Override
  public void edge(EdgeEvent event) {
    write("edgeEvent", g -> WireWriter.write(g, event));
  }

  @Override
  public void status(StatusChange change) {
    write("status", g -> WireWriter.write(g, change));
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private synchronized void write(String name, Body body) {
    StringWriter line = new StringWriter(256);
    try (JsonGenerator g = json.createGenerator(line)) {
      g.writeStartObject();
      g.writeFieldName(name);
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a " + name + " line", e);
    }
    out.println(line);
    out.flush();
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
