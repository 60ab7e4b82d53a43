package org.citysense.agent.uplink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.citysense.agent.buffer.Item;
import org.citysense.profiles.wire.WireWriter;

/**
 * Where items the cloud will not take go: one JSON line each in {@code quarantine.jsonl} in the
 * data folder, with the cloud's reason, so that people can read what was refused, fix the cause and
 * send them again. Used by the forwarder's one thread.
 */
public final class Quarantine {
  public static final String FILE = "quarantine.jsonl";

  private final Path file;
  private final JsonFactory json = new JsonFactory();

  public Quarantine(Path dataDir) {
    this.file = dataDir.resolve(FILE);
  }

  public Path file() {
    return file;
  }

  /**
   * Appends {@code item} with {@code reason}.
   *
   * @throws IOException when the file cannot be written (the item is then only counted)
   */
  public void put(Item item, String reason, String batchId, Instant at) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    try (JsonGenerator g = json.createGenerator(line)) {
      g.writeStartObject();
      g.writeStringField("quarantinedAt", at.toString());
      g.writeStringField("reason", reason);
      g.writeStringField("batchId", batchId);
      if (item instanceof Item.Reading r) {
        g.writeFieldName("reading");
        WireWriter.write(g, r.reading());
      } else if (item instanceof Item.Status s) {
        g.writeFieldName("statusChange");
        WireWriter.write(g, s.change());
      } else if (item instanceof Item.Edge e) {
        g.writeFieldName("edgeEvent");
        WireWriter.write(g, e.event());
      }
      g.writeEndObject();
    }
    line.write('\n');
    Files.write(
        file,
        line.toByteArray(),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.SYNC);
  }
}
