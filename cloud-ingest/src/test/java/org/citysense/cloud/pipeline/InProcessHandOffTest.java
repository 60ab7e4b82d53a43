package org.citysense.cloud.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.citysense.cloud.ingest.IngestService;
import org.citysense.profiles.wire.Batch;
import org.junit.jupiter.api.Test;

class InProcessHandOffTest {
  private static IngestService.Accepted batch(String id) {
    return new IngestService.Accepted(
        "gw-a",
        List.of(),
        new Batch(1, "gw-a", id, 1, null, List.of(), List.of(), List.of(), null));
  }

  @Test
  void everyStageSeesEveryBatchInOrderEvenWhenOneFails() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (InProcessHandOff handOff = new InProcessHandOff(4)) {
      handOff.subscribe(
          a -> {
            throw new IllegalStateException("a broken stage");
          });
      handOff.subscribe(a -> seen.add(a.batch().batchId()));
      for (int i = 0; i < 20; i++) {
        handOff.accept(batch("b" + i));
      }
    } // close drains the queue before it returns
    assertThat(seen).hasSize(20).startsWith("b0", "b1").endsWith("b19");
  }
}
