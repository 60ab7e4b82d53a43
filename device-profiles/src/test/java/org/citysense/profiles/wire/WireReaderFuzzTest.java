package org.citysense.profiles.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * One record of the edge agent's buffer file, read by the streaming {@link WireReader}: a record or
 * an {@link IOException} (the agent then treats the record as damaged). The first byte picks the
 * record: {@code r} reading, {@code s} status change, {@code e} edge event.
 */
class WireReaderFuzzTest {
  private static final JsonFactory JSON = new JsonFactory();

  @FuzzTest(maxDuration = "10s")
  void read(byte[] input) {
    if (input.length == 0) {
      return;
    }
    try (JsonParser p = JSON.createParser(input, 1, input.length - 1)) {
      p.nextToken();
      switch (input[0]) {
        case 's' -> WireReader.statusChange(p);
        case 'e' -> WireReader.edgeEvent(p);
        default -> WireReader.reading(p);
      }
    } catch (IOException expected) {
      // damaged record: the documented outcome
    }
  }
}
