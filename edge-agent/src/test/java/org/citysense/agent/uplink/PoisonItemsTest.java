package org.citysense.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.agent.uplink.TestItems.reading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import org.citysense.agent.buffer.Pending;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoisonItemsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T03:00:00Z"), ZoneOffset.UTC);
  private static final BatchRefusedException REFUSED =
      new BatchRefusedException("refused (400)", "readings[0].unit", "not the canonical unit");

  private final FakeOutbox outbox = new FakeOutbox();
  @TempDir Path dir;

  @Test
  void withoutAQuarantineTheBatchIsRetriedAsAnyFailure() {
    outbox.append(reading(1));
    PoisonItems poison = new PoisonItems(null, outbox, CLOCK);

    assertThat(poison.refused(TestItems.batch("gw-1", "b", 1), outbox.next(1), REFUSED, 1))
        .isEmpty();
    assertThat(outbox.acknowledged()).isEmpty();
  }

  @Test
  void aBatchOfManyIsNarrowedDownAndTheItemAloneIsSetAside() throws Exception {
    outbox.append(reading(1), reading(2), reading(3));
    PoisonItems poison = new PoisonItems(new Quarantine(dir), outbox, CLOCK);

    Pending many = outbox.next(3);
    OptionalInt next = poison.refused(TestItems.batch("gw-1", "b", 1, 2, 3), many, REFUSED, 3);
    assertThat(next).hasValue(1);
    assertThat(outbox.acknowledged()).isEmpty();

    Pending alone = outbox.next(1);
    assertThat(poison.refused(TestItems.batch("gw-1", "c", 1), alone, REFUSED, 1)).hasValue(3);
    assertThat(outbox.acknowledged()).containsExactly(alone);
    assertThat(outbox.counters().quarantined()).isEqualTo(1);
    assertThat(poison.quarantined()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve(Quarantine.FILE))).contains("\"seq\":1");
  }

  @Test
  void tooManySetAsideInARowIsTheCloudsFaultUntilSomethingPasses() {
    PoisonItems poison = new PoisonItems(new Quarantine(dir), outbox, CLOCK);
    for (long seq = 1; seq <= PoisonItems.MAX_SET_ASIDE_IN_A_ROW + 2; seq++) {
      outbox.append(reading(seq));
    }
    for (int i = 0; i < PoisonItems.MAX_SET_ASIDE_IN_A_ROW; i++) {
      Pending p = outbox.next(1);
      assertThat(
              poison.refused(
                  TestItems.batch("gw-1", "b" + i, p.items().get(0).seq()), p, REFUSED, 1))
          .isPresent();
    }

    Pending p = outbox.next(1);
    assertThat(poison.refused(TestItems.batch("gw-1", "x", p.items().get(0).seq()), p, REFUSED, 1))
        .isEmpty();
    poison.passed(1, 1);
    assertThat(poison.refused(TestItems.batch("gw-1", "y", p.items().get(0).seq()), p, REFUSED, 1))
        .isPresent();
    assertThat(poison.quarantined()).isEqualTo(PoisonItems.MAX_SET_ASIDE_IN_A_ROW + 1);
  }
}
