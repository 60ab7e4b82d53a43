package org.citysense.profiles.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example batch in docs/wire-format.md is a valid v1 batch, as the cloud would decode it. */
class DocsWireExampleTest {
  private static final Path DOC = Path.of("../docs/wire-format.md");

  @Test
  void theDocumentedBatchDecodesAndValidates() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int marker = doc.indexOf("<!-- example: wire batch -->");
    assertThat(marker).as("marker in docs/wire-format.md").isNotNegative();
    int start = doc.indexOf("```json\n", marker) + "```json\n".length();
    String json = doc.substring(start, doc.indexOf("```\n", start));

    Batch batch = new WireCodec().decode(json.getBytes(StandardCharsets.UTF_8));

    assertThat(batch.readings()).hasSize(3);
    assertThat(batch.statusChanges()).hasSize(1);
    assertThat(batch.edgeEvents())
        .singleElement()
        .satisfies(e -> assertThat(e.actions()).hasSize(1));
    assertThat(batch.counters().evicted()).isEqualTo(12);
  }
}
