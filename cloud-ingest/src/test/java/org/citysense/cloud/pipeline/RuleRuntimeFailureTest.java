package org.citysense.cloud.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.testdb.H2Database;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.WireReading;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What goes wrong under the rules is retried, never dropped: the rule stage's database refuses for
 * a while, one signal cannot be stored at all. The rules run on their own thread, as in the
 * service.
 */
@ExtendWith(H2Database.class)
class RuleRuntimeFailureTest {
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  private static final Duration MAX_LAG = Duration.ofSeconds(60);
  private RefusingDataSource rulesDb;
  private RulesRig rig;

  @BeforeEach
  void start(DataSource db) {
    rulesDb = new RefusingDataSource(db);
    rig = new RulesRig(db, rulesDb, T0);
    rig.config =
        RuleRuntime.Config.defaults().withRetry(Duration.ofMillis(5), Duration.ofMillis(200), 3);
    rig.start();
    rig.runtime.start();
  }

  @AfterEach
  void stop() {
    rulesDb.refusing = false;
    rig.runtime.close();
  }

  @Test
  void whileTheDatabaseRefusesNothingIsDroppedAndHealthShowsTheLag() throws Exception {
    rulesDb.refusing = true;
    for (int i = 1; i <= 5; i++) {
      rig.clock.advance(Duration.ofSeconds(1));
      Instant now = rig.clock.instant();
      rig.accept(
          rig.gateway,
          List.of(rig.reading("gas-" + i, "gas", Quantity.GAS, 20 + i, now)),
          List.of(rig.gasAlarm("gas-" + i, 20 + i, now)));
    }
    Thread.sleep(500); // the rules' thread tries, and fails, meanwhile
    rig.clock.advance(Duration.ofMinutes(2));

    RuleRuntime.Status lagging = statusNow();
    assertThat(lagging.lag().entries()).isEqualTo(5);
    assertThat(lagging.lag().items()).isEqualTo(10);
    assertThat(lagging.degraded(rig.clock.instant(), MAX_LAG)).as("2 min behind").isTrue();
    assertThat(lagging.alive()).as("retrying, not dead").isTrue();

    rulesDb.refusing = false;
    Poll.until(
        "the rules catch up",
        Duration.ofSeconds(60),
        () -> rig.runtime.status().lag().entries() == 0);

    List<Event> events = rig.open("gas-high");
    assertThat(events)
        .extracting(Event::subjectId)
        .containsExactlyInAnyOrder("gas-1/gas", "gas-2/gas", "gas-3/gas", "gas-4/gas", "gas-5/gas");
    assertThat(events).allSatisfy(e -> assertThat(e.count()).as("reading and alarm").isEqualTo(2));
    RuleRuntime.Status caughtUp = statusNow();
    assertThat(caughtUp.degraded(rig.clock.instant(), MAX_LAG)).isFalse();
    assertThat(caughtUp.setAside()).isZero();
  }

  @Test
  void aSignalThatCannotBeStoredIsSetAsideWithItsReasonAndTheRestGoesOn() throws Exception {
    // an edge alarm on a point name longer than an event's subject may be: the database refuses
    // that one insert (the ingest checks the points of readings against the profile, not those of
    // the gateway's own alarms)
    String longPoint = "gas" + "x".repeat(200);
    List<WireReading> readings = new ArrayList<>();
    rig.clock.advance(Duration.ofSeconds(1));
    EdgeEvent alarm = rig.gasAlarm("gas-1", 30, rig.clock.instant());
    EdgeEvent longAlarm =
        new EdgeEvent(
            alarm.seq(),
            alarm.deviceId(),
            longPoint,
            alarm.kind(),
            alarm.value(),
            alarm.limit(),
            alarm.ts(),
            alarm.actions());
    readings.add(rig.reading("gas-2", "gas", Quantity.GAS, 31, rig.clock.instant()));
    rig.accept(rig.gateway, readings, List.of(longAlarm));

    Poll.until(
        "the rules get past the batch",
        Duration.ofSeconds(60),
        () -> rig.runtime.status().lag().entries() == 0);

    assertThat(rig.open("gas-high")).extracting(Event::subjectId).containsExactly("gas-2/gas");
    assertThat(statusNow().setAside()).isEqualTo(1);
    assertThat(rig.runtime.setAside(10))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.stage()).isEqualTo("events");
              assertThat(s.deviceId()).isEqualTo("gas-1");
              assertThat(s.gatewayId()).isEqualTo(rig.gateway);
              assertThat(s.reason()).containsIgnoringCase("too long");
              assertThat(s.item()).contains("\"ruleId\":\"edge\"").contains(longPoint);
            });
  }

  /** The status with the lag measured now, not up to a second ago. */
  private RuleRuntime.Status statusNow() throws InterruptedException {
    Thread.sleep(1100);
    return rig.runtime.status();
  }
}
