package org.citysense.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.citysense.agent.buffer.Item;
import org.citysense.profiles.wire.WireCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quarantine.jsonl: one line per item, the same text as when databind wrote it. */
class QuarantineTest {
  private static final Instant AT = Instant.parse("2026-11-22T10:00:00.123Z");
  private final ObjectMapper databind = new WireCodec().mapper();
  @TempDir Path dir;

  @Test
  void appendsOneLinePerItemAsDatabindWroteIt() throws Exception {
    Quarantine quarantine = new Quarantine(dir);
    List<Item> items =
        List.of(
            TestItems.reading(30), TestItems.alarm(31), TestItems.status(32), TestItems.edge(33));
    for (Item item : items) {
      quarantine.put(item, "readings[0].unit: \"ppb\" is not µg/m³", "gw-1-000007", AT);
    }
    quarantine.put(TestItems.reading(34), null, null, AT);

    List<String> lines = Files.readAllLines(quarantine.file());
    assertThat(lines).hasSize(5);
    for (int i = 0; i < items.size(); i++) {
      assertThat(lines.get(i))
          .isEqualTo(
              databindLine(items.get(i), "readings[0].unit: \"ppb\" is not µg/m³", "gw-1-000007"));
    }
    assertThat(lines.get(4)).isEqualTo(databindLine(TestItems.reading(34), null, null));
  }

  /** The line as Quarantine built it with databind's tree model. */
  private String databindLine(Item item, String reason, String batchId) throws Exception {
    ObjectNode line = databind.createObjectNode();
    line.put("quarantinedAt", AT.toString());
    line.put("reason", reason);
    line.put("batchId", batchId);
    if (item instanceof Item.Reading r) {
      line.set("reading", databind.valueToTree(r.reading()));
    } else if (item instanceof Item.Status s) {
      line.set("statusChange", databind.valueToTree(s.change()));
    } else if (item instanceof Item.Edge e) {
      line.set("edgeEvent", databind.valueToTree(e.event()));
    }
    return databind.writeValueAsString(line);
  }
}
