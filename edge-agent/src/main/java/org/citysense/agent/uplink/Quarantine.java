package org.citysense.agent.uplink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.citysense.agent.buffer.Item;
import org.citysense.profiles.wire.WireCodec;

/**
 * Where items the cloud will not take go: one JSON line each in {@code quarantine.jsonl} in the
 * data folder, with the cloud's reason, so that people can read what was refused, fix the cause and
 * send them again. Used by the forwarder's one thread.
 */
public final class Quarantine {
  public static final String FILE = "quarantine.jsonl";

  private final Path file;
  private final ObjectMapper json = new WireCodec().mapper();

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
    ObjectNode line = json.createObjectNode();
    line.put("quarantinedAt", at.toString());
    line.put("reason", reason);
    line.put("batchId", batchId);
    if (item instanceof Item.Reading r) {
      line.set("reading", json.valueToTree(r.reading()));
    } else if (item instanceof Item.Status s) {
      line.set("statusChange", json.valueToTree(s.change()));
    } else if (item instanceof Item.Edge e) {
      line.set("edgeEvent", json.valueToTree(e.event()));
    }
    Files.writeString(
        file,
        json.writeValueAsString(line) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.SYNC);
  }
}
