package org.citysense.cloud.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventStatus;
import org.citysense.cloud.testdb.H2Database;
import org.citysense.profiles.quantity.Quantity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules judge after a restart as if they had never stopped: the cloud is killed (everything in
 * memory dropped, nothing saved on the way out) and built again on the same database, on a clock
 * the test moves.
 */
@ExtendWith(H2Database.class)
class RuleRuntimeRestartTest {
  private static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");
  private RulesRig rig;

  @BeforeEach
  void start(DataSource db) {
    rig = new RulesRig(db, db, T0).start();
  }

  private Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  /** The first gateway is heard: gas-1 reads 0 %LEL. */
  private void heartbeat(long seconds) {
    rig.readAt(at(seconds), "gas-1", "gas", Quantity.GAS, 0);
  }

  @Test
  void aDeviceSilentAcrossARestartIsReportedWhenItsSilencePassesTheLimit() {
    for (long t = 0; t <= 300; t += 60) {
      heartbeat(t);
      rig.readAt(at(t), "pm-1", "pm2_5", Quantity.PM2_5, 12); // every 60 s: silent after 180 s
    }
    heartbeat(320);
    rig.runtime.checkpoint();

    rig.restartAfter(Duration.ZERO);

    heartbeat(470);
    rig.tickAt(at(479));
    assertThat(rig.events("offline")).as("179 s of silence").isEmpty();
    heartbeat(480);
    rig.tickAt(at(481));
    assertThat(rig.open("offline"))
        .singleElement()
        .satisfies(e -> assertThat(e.subjectId()).isEqualTo("pm-1"));
  }

  @Test
  void aDevicesSilenceDoesNotCountTheTimeTheCloudWasDown() {
    for (long t = 0; t <= 300; t += 60) {
      heartbeat(t);
      rig.readAt(at(t), "pm-1", "pm2_5", Quantity.PM2_5, 12);
    }
    heartbeat(320);
    rig.runtime.checkpoint();

    rig.restartAfter(Duration.ofSeconds(60)); // back at 380 s

    heartbeat(530);
    rig.tickAt(at(539));
    assertThat(rig.events("offline")).as("239 s, of which 60 s the cloud was down").isEmpty();
    heartbeat(540);
    rig.tickAt(at(541));
    assertThat(rig.open("offline")).extracting(Event::subjectId).containsExactly("pm-1");
  }

  @Test
  void aGatewaySilentWhileTheCloudIsDownIsReportedAfterTheRestart() {
    rig.readAt(at(0), "pm-1", "pm2_5", Quantity.PM2_5, 12);
    rig.clock.advance(Duration.ofSeconds(1));
    rig.send(
        rig.otherGateway,
        List.of(rig.reading("pm-2", "pm2_5", Quantity.PM2_5, 12, at(1))),
        List.of());
    rig.clock.advance(Duration.ofSeconds(9));
    rig.runtime.checkpoint(); // at 10 s; the other gateway dies, the cloud stops

    rig.restartAfter(Duration.ofSeconds(100)); // back at 110 s

    heartbeat(115); // the first gateway comes back at once
    heartbeat(200);
    rig.tickAt(at(215));
    assertThat(rig.events("offline")).as("114 s heard of the other gateway's 120").isEmpty();
    rig.tickAt(at(222));
    assertThat(rig.open("offline"))
        .as("the silent gateway, none for the one that came back nor for devices behind it")
        .extracting(Event::subjectKind, Event::subjectId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("gateway", rig.otherGateway));
  }

  @Test
  void aTwelveHourNoConsumptionWindowWithARestartAtHourSixFiresAtHourTwelve() {
    // 06:00 to 12:00, a meter that does not move
    for (long m = 0; m <= 6 * 60; m += 30) {
      rig.readAt(at(m * 60), "wm-1", "volume", Quantity.WATER_VOLUME, 100.0);
    }
    rig.runtime.checkpoint();

    rig.restartAfter(Duration.ofMinutes(2));

    for (long m = 6 * 60 + 30; m <= 11 * 60 + 30; m += 30) {
      rig.readAt(at(m * 60), "wm-1", "volume", Quantity.WATER_VOLUME, 100.0);
    }
    assertThat(rig.events("no-water-use")).as("11.5 h at 17:30").isEmpty();
    rig.readAt(at(12 * 3600), "wm-1", "volume", Quantity.WATER_VOLUME, 100.0);
    assertThat(rig.open("no-water-use"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.subjectId()).isEqualTo("wm-1");
              assertThat(e.details()).containsEntry("silentSince", T0.toString());
            });
  }

  @Test
  void aThresholdEventOpenAtRestartAutoResolves() {
    rig.readAt(at(0), "gas-1", "gas", Quantity.GAS, 25);
    assertThat(rig.open("gas-high")).hasSize(1);
    rig.runtime.checkpoint();

    rig.restartAfter(Duration.ofSeconds(20));

    rig.readAt(at(30), "gas-1", "gas", Quantity.GAS, 5);
    assertThat(rig.events("gas-high"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(EventStatus.RESOLVED);
              assertThat(e.resolvedBy()).isEqualTo("system");
            });
  }

  @Test
  void aRateWindowSpanningTheRestartDecidesWithTheReadingsFromBefore() {
    rig.readAt(at(0), "lvl-1", "level", Quantity.WATER_LEVEL, 1.00);
    rig.readAt(at(600), "lvl-1", "level", Quantity.WATER_LEVEL, 1.10);
    rig.runtime.checkpoint();

    rig.restartAfter(Duration.ofSeconds(30));

    rig.readAt(at(1200), "lvl-1", "level", Quantity.WATER_LEVEL, 1.20);
    assertThat(rig.open("river-rising"))
        .as("0.6 m/h over the three readings, two of them from before the restart")
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("readings", 3));
  }

  @Test
  void aCrashBeforeTheCheckpointReplaysTheLogWithNoSecondEventAndNoRepeatCountedTwice() {
    rig.readAt(at(0), "gas-1", "gas", Quantity.GAS, 25);
    rig.clock.advance(Duration.ofSeconds(1));
    rig.send(
        rig.gateway,
        List.of(rig.reading("gas-1", "gas", Quantity.GAS, 30, at(1))),
        List.of(rig.gasAlarm("gas-1", 30, at(1))));
    rig.readAt(at(2), "gas-2", "gas", Quantity.GAS, 22);
    rig.readAt(at(3), "gas-2", "gas", Quantity.GAS, 3); // resolves gas-2's first event
    rig.readAt(at(4), "gas-2", "gas", Quantity.GAS, 24); // and raises its second
    List<Event> before = rig.events("gas-high");
    assertThat(before).hasSize(3);
    assertThat(before.get(0).count())
        .as("a reading, a reading and the gateway's alarm")
        .isEqualTo(3);

    rig.restartAfter(Duration.ofSeconds(5)); // the checkpoint is the one of the first start
    rig.judge(); // the five batches again

    List<Event> after = rig.events("gas-high");
    assertThat(after).hasSize(3);
    assertThat(after.get(0).count()).isEqualTo(3);
    assertThat(after.get(1).status()).isEqualTo(EventStatus.RESOLVED);
    assertThat(after.get(2).status())
        .as("the replayed clear belongs to the resolved event, not to the new one")
        .isEqualTo(EventStatus.OPEN);
    assertThat(raisedChanges()).as("one 'raised' in the outbox per event").isEqualTo(3);
  }

  @Test
  void withoutTheRulesStateAStartWatchesFromWhatTheRegistryAndStoresKnow() {
    rig.readAt(at(0), "pm-1", "pm2_5", Quantity.PM2_5, 12);
    rig.clock.advance(Duration.ofSeconds(1));
    rig.send(
        rig.otherGateway,
        List.of(rig.reading("pm-2", "pm2_5", Quantity.PM2_5, 12, at(1))),
        List.of());
    rig.readAt(at(2), "gas-1", "gas", Quantity.GAS, 25);
    rig.runtime.checkpoint(); // the log goes up to here
    // an upgrade from a version that saved no state, or a checkpoint lost: none to restore
    new Transactions(rig.db)
        .once("forgetting the checkpoint", c -> Rows.update(c, "DELETE FROM rule_checkpoints"));

    rig.restartAfter(Duration.ofSeconds(10));

    heartbeat(60);
    rig.tickAt(at(120));
    assertThat(rig.open("offline")).as("nothing silent long enough yet").isEmpty();
    heartbeat(121);
    rig.tickAt(at(122));
    assertThat(rig.open("offline"))
        .as("the other gateway, silent since its last contact in the registry")
        .extracting(Event::subjectId)
        .containsExactly(rig.otherGateway);
    heartbeat(180);
    rig.tickAt(at(182));
    assertThat(rig.open("offline"))
        .as("and pm-1, silent since its newest stored reading (pm-2 is behind the silent gateway)")
        .extracting(Event::subjectId)
        .containsExactlyInAnyOrder(rig.otherGateway, "pm-1");
    rig.readAt(at(183), "gas-1", "gas", Quantity.GAS, 4);
    assertThat(rig.events("gas-high"))
        .as("the gas event open before the start resolves when its value clears")
        .singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo(EventStatus.RESOLVED));
  }

  @Test
  void startUpSaysWhatItRestoredAndWhatIsLeftToJudge() {
    rig.readAt(at(0), "gas-1", "gas", Quantity.GAS, 25);
    rig.runtime.checkpoint();
    rig.clock.advance(Duration.ofSeconds(1));
    rig.accept(
        rig.gateway,
        List.of(
            rig.reading("gas-1", "gas", Quantity.GAS, 26, at(1)),
            rig.reading("gas-2", "gas", Quantity.GAS, 1, at(1))),
        List.of());
    rig.crash();
    rig.clock.advance(Duration.ofSeconds(10));

    RulesRig again = rig.start();
    String line = again.runtime.restore();

    assertThat(line)
        .startsWith("rules restored in ")
        .contains("the state of 4 of 4 rules")
        .contains("1 entries with 2 items to judge");
  }

  @Test
  void aNormalStopSavesItsPlaceAndLosesNothingInFlight() throws Exception {
    rig.crash();
    rig.start();
    rig.runtime.start();
    rig.clock.advance(Duration.ofSeconds(1));
    rig.accept(
        rig.gateway, List.of(rig.reading("gas-3", "gas", Quantity.GAS, 40, at(1))), List.of());
    org.citysense.testsupport.Poll.until(
        "the rules' thread judges the batch",
        Duration.ofSeconds(30),
        () -> !rig.open("gas-high").isEmpty());

    rig.runtime.close();

    long saved = new RuleCheckpoints(rig.db).load(RuleRuntime.CONSUMER).orElseThrow().position();
    assertThat(saved).as("the checkpoint saved on the way out").isEqualTo(rig.log.head());

    // stopped with a batch in flight: judged after the next start, once
    rig.crash();
    rig.start();
    rig.runtime.start();
    rig.accept(
        rig.gateway, List.of(rig.reading("gas-4", "gas", Quantity.GAS, 41, at(1))), List.of());
    rig.runtime.close();
    rig.restartAfter(Duration.ofSeconds(1));
    rig.judge();
    assertThat(rig.open("gas-high"))
        .extracting(Event::subjectId)
        .containsExactly("gas-3/gas", "gas-4/gas");
  }

  private long raisedChanges() {
    return new Transactions(rig.db)
        .once(
            "counting",
            c ->
                Rows.one(
                        c,
                        "SELECT COUNT(*) FROM event_changes WHERE kind = 'raised'",
                        rs -> rs.getLong(1))
                    .orElse(0L));
  }
}
