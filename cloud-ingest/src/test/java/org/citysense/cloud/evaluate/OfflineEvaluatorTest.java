package org.citysense.cloud.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.citysense.cloud.rules.OfflineRule;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.DeviceState;
import org.citysense.profiles.wire.StatusChange;
import org.junit.jupiter.api.Test;

class OfflineEvaluatorTest {
  private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

  private final OfflineRule rule =
      new OfflineRule(
          "offline", Severity.MAJOR, true, Duration.ofMinutes(10), Duration.ofMinutes(5));
  private final Directory directory = new Directory();
  private final OfflineEvaluator evaluator = new OfflineEvaluator(rule, directory, profile -> null);
  private final List<Signal> out = new ArrayList<>();

  @Test
  void aDeviceOfUnknownIntervalIsSilentAfterMinSilence() {
    read("dev-1", 0);
    tick(10 * 60);
    assertThat(out).isEmpty();

    tick(10 * 60 + 1);
    assertThat(out).hasSize(1);
    Signal s = out.get(0);
    assertThat(s.kind()).isEqualTo(Signal.Kind.RAISE);
    assertThat(s.ruleId()).isEqualTo("offline");
    assertThat(s.ruleType()).isEqualTo(RuleType.OFFLINE);
    assertThat(s.severity()).isEqualTo(Severity.MAJOR);
    assertThat(s.category()).isEqualTo(Category.CONNECTIVITY);
    assertThat(s.subject()).isEqualTo(SubjectKey.device("dev-1"));
    assertThat(s.device().deviceId()).isEqualTo("dev-1");
    assertThat(s.unitId()).isEqualTo("u-dev");
    assertThat(s.at()).isEqualTo(T0.plusSeconds(601));
    assertThat(s.value()).isEqualTo(601.0);
    assertThat(s.edge()).isFalse();
    assertThat(s.summary())
        .isEqualTo(
            "device dev-1 silent since 2026-05-01T08:00:00Z: no reading for 10 min (limit 10"
                + " min)");
    assertThat(s.details())
        .containsEntry("limitSeconds", 600L)
        .containsEntry("lastSeen", "2026-05-01T08:00:00Z")
        .doesNotContainKey("intervalSeconds");
    assertThat(evaluator.status().signalled()).isEqualTo(1);
  }

  @Test
  void silenceIsThreeIntervalsWhenThatIsLongerThanMinSilence() {
    for (int m = 0; m <= 15; m += 5) {
      read("dev-1", m * 60);
      read("dev-1", m * 60, "pm10"); // a second point at the same time is no gap
    }
    tick((15 + 15) * 60);
    assertThat(out).isEmpty();

    tick((15 + 15) * 60 + 1);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).details())
        .containsEntry("intervalSeconds", 300.0)
        .containsEntry("limitSeconds", 900L);
  }

  @Test
  void theIntervalIsTheSmallestRecentGapSoLostReadingsDoNotStretchIt() {
    // every 5 min, with the readings of 10 and 25 lost
    for (int m : new int[] {0, 5, 15, 20, 30}) {
      read("dev-1", m * 60);
    }
    tick((30 + 15) * 60 + 1);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).details()).containsEntry("intervalSeconds", 300.0);
  }

  @Test
  void theIntervalFollowsTheLastEightGaps() {
    // once a minute at first, then every 10 min for nine readings: the short gaps fall out
    read("dev-1", 0);
    read("dev-1", 60);
    read("dev-1", 120);
    int last = 120;
    for (int i = 0; i < 9; i++) {
      last += 600;
      read("dev-1", last);
    }
    tick(last + 30 * 60);
    assertThat(out).isEmpty();
    tick(last + 30 * 60 + 1);
    assertThat(out.get(0).details())
        .containsEntry("intervalSeconds", 600.0)
        .containsEntry("limitSeconds", 1800L);
  }

  @Test
  void aButtonThatReportsDailyIsNotOfflineAfterItsPressAndRelease() {
    OfflineEvaluator buttons =
        new OfflineEvaluator(
            rule,
            new Directory(),
            profile -> profile.equals("alarm-button-mqtt") ? Duration.ofHours(24) : null);
    DeviceContext button =
        new DeviceContext("sos-1", "gw-1", "alarm-button-mqtt", null, "h-1", "u-1");
    for (long at : new long[] {0, 1}) { // pressed, released a second later
      buttons.observe(
          new Observation(
              button,
              "pressed",
              Quantity.ALARM_BUTTON,
              Value.of(at == 0),
              T0.plusSeconds(at),
              Quality.GOOD),
          out::add);
    }
    buttons.tick(T0.plus(Duration.ofHours(1)), out::add);
    buttons.tick(T0.plus(Duration.ofHours(72)).plusSeconds(1), out::add);
    assertThat(out).hasSize(0);

    buttons.tick(T0.plus(Duration.ofHours(72)).plusSeconds(2), out::add);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).details())
        .containsEntry("intervalSeconds", 86400.0)
        .containsEntry("limitSeconds", 259200L);
  }

  @Test
  void theDeclaredIntervalIsTheProfilesLongestPointInterval() {
    var declared =
        Evaluators.declaredIntervals(org.citysense.profiles.load.ProfileCatalog.bundled());
    assertThat(declared.apply("alarm-button-mqtt")).isEqualTo(Duration.ofHours(24));
    assertThat(declared.apply("no-such-profile")).isNull();
    assertThat(declared.apply(null)).isNull();
  }

  @Test
  void aShortIntervalStillWaitsMinSilence() {
    for (int s = 0; s <= 180; s += 60) {
      read("dev-1", s);
    }
    tick(180 + 10 * 60);
    assertThat(out).isEmpty();
    tick(180 + 10 * 60 + 1);
    assertThat(out.get(0).details())
        .containsEntry("intervalSeconds", 60.0)
        .containsEntry("limitSeconds", 600L);
  }

  @Test
  void aReadingClearsASilentDevice() {
    read("dev-1", 0);
    tick(11 * 60);
    tick(12 * 60); // repeated while it holds
    read("dev-1", 12 * 60 + 30);
    tick(13 * 60);

    assertThat(out)
        .extracting(Signal::kind)
        .containsExactly(Signal.Kind.RAISE, Signal.Kind.RAISE, Signal.Kind.CLEAR);
    Signal clear = out.get(2);
    assertThat(clear.subject()).isEqualTo(SubjectKey.device("dev-1"));
    assertThat(clear.at()).isEqualTo(T0.plusSeconds(12 * 60 + 30));
    assertThat(clear.category()).isEqualTo(Category.CONNECTIVITY);
  }

  @Test
  void aCommErrorReadingIsNoSignOfLife() {
    read("dev-1", 0);
    tick(11 * 60);
    evaluator.observe(
        new Observation(
            ctx("dev-1"),
            "pm2_5",
            Quantity.PM2_5,
            null,
            T0.plusSeconds(11 * 60 + 10),
            Quality.COMM_ERROR),
        out::add);
    tick(12 * 60);

    assertThat(out).extracting(Signal::kind).containsOnly(Signal.Kind.RAISE).hasSize(2);

    // but an out-of-range answer is
    read("dev-1", 12 * 60 + 10, "pm2_5", Quality.OUT_OF_RANGE);
    assertThat(out.get(out.size() - 1).kind()).isEqualTo(Signal.Kind.CLEAR);
  }

  @Test
  void devicesNeverSeenAreNotWatched() {
    tick(24 * 3600);
    assertThat(out).isEmpty();
  }

  @Test
  void aSilentGatewayRaisesOneEventAndNoneForItsDevices() {
    evaluator.gatewayContact("gw-1", T0, out::add);
    read("dev-1", 0);
    read("dev-2", 0);
    read("dev-3", 0);
    tick(5 * 60);
    assertThat(out).isEmpty();

    tick(20 * 60); // the devices are 20 min quiet too
    assertThat(out).hasSize(1);
    Signal s = out.get(0);
    assertThat(s.kind()).isEqualTo(Signal.Kind.RAISE);
    assertThat(s.subject()).isEqualTo(SubjectKey.gateway("gw-1"));
    assertThat(s.device()).isNull();
    assertThat(s.unitId()).isEqualTo("u-gw-1");
    assertThat(s.category()).isEqualTo(Category.CONNECTIVITY);
    assertThat(s.summary())
        .isEqualTo("gateway gw-1 silent since 2026-05-01T08:00:00Z (20 min), 3 devices behind it");
    assertThat(s.details()).containsEntry("devices", 3).containsEntry("gatewayId", "gw-1");
  }

  @Test
  void gatewayContactClearsAndItsDevicesGetTimeToCatchUp() {
    evaluator.gatewayContact("gw-1", T0, out::add);
    read("dev-1", 0);
    read("dev-2", 0);
    tick(20 * 60);
    out.clear();

    evaluator.gatewayContact("gw-1", T0.plusSeconds(21 * 60), out::add);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).kind()).isEqualTo(Signal.Kind.CLEAR);
    assertThat(out.get(0).subject()).isEqualTo(SubjectKey.gateway("gw-1"));
    assertThat(out.get(0).unitId()).isEqualTo("u-gw-1");

    // dev-1's backlog arrives; dev-2 stays quiet
    read("dev-1", 21 * 60);
    tick(22 * 60);
    assertThat(out).hasSize(1);

    evaluator.gatewayContact("gw-1", T0.plusSeconds(30 * 60), out::add);
    tick(31 * 60 + 1); // 10 min after the gateway came back
    assertThat(out).hasSize(2);
    assertThat(out.get(1).subject()).isEqualTo(SubjectKey.device("dev-2"));
  }

  @Test
  void aGatewayInContactIsNotSilent() {
    evaluator.gatewayContact("gw-1", T0, out::add);
    evaluator.gatewayContact("gw-1", T0.plusSeconds(4 * 60), out::add);
    tick(9 * 60);
    assertThat(out).isEmpty();
    tick(9 * 60 + 1);
    assertThat(out).extracting(Signal::subject).containsExactly(SubjectKey.gateway("gw-1"));
  }

  @Test
  void offlineReportRaisesAtOnceAndOnlineClears() {
    read("dev-1", 0);
    evaluator.statusChange(ctx("dev-1"), status("dev-1", DeviceState.OFFLINE, 60), out::add);
    assertThat(out).hasSize(1);
    Signal s = out.get(0);
    assertThat(s.kind()).isEqualTo(Signal.Kind.RAISE);
    assertThat(s.subject()).isEqualTo(SubjectKey.device("dev-1"));
    assertThat(s.summary())
        .isEqualTo("gateway reports device dev-1 offline: 5 consecutive timeouts");
    assertThat(s.at()).isEqualTo(T0.plusSeconds(60));
    assertThat(s.category()).isEqualTo(Category.CONNECTIVITY);

    tick(2 * 60);
    assertThat(out).hasSize(1); // ticks never clear

    evaluator.statusChange(ctx("dev-1"), status("dev-1", DeviceState.ONLINE, 3 * 60), out::add);
    assertThat(out).extracting(Signal::kind).containsExactly(Signal.Kind.RAISE, Signal.Kind.CLEAR);
    assertThat(out.get(1).subject()).isEqualTo(SubjectKey.device("dev-1"));
  }

  @Test
  void offlineReportStaysUntilAReadingAfterIt() {
    read("dev-1", 0);
    evaluator.statusChange(ctx("dev-1"), status("dev-1", DeviceState.OFFLINE, 120), out::add);
    read("dev-1", 60); // from before the report, arriving late: no answer to it
    assertThat(out).hasSize(1);

    read("dev-1", 180);
    assertThat(out).extracting(Signal::kind).containsExactly(Signal.Kind.RAISE, Signal.Kind.CLEAR);
  }

  @Test
  void onlineWithoutARaiseSaysNothing() {
    read("dev-1", 0);
    evaluator.statusChange(ctx("dev-1"), status("dev-1", DeviceState.ONLINE, 60), out::add);
    assertThat(out).isEmpty();
  }

  @Test
  void statusCountsAndNotes() {
    evaluator.gatewayContact("gw-1", T0, out::add);
    read("dev-1", 0);
    tick(6 * 60);
    tick(7 * 60);
    evaluator.gatewayContact("gw-1", T0.plusSeconds(8 * 60), out::add);

    var status = evaluator.status();
    assertThat(status.ruleId()).isEqualTo("offline");
    assertThat(status.type()).isEqualTo(RuleType.OFFLINE);
    assertThat(status.evaluated()).isEqualTo(1);
    assertThat(status.signalled()).isEqualTo(2);
    assertThat(status.noDecision()).isZero();
    assertThat(status.notes()).hasSize(2);
    assertThat(status.notes().get(0)).startsWith("gateway gw-1 is in contact again");
    assertThat(status.notes().get(1)).startsWith("gateway gw-1 silent since");
  }

  @Test
  void aDeviceOrGatewayRemovedFromTheRegistryIsForgottenNotReported() {
    evaluator.gatewayContact("gw-2", T0, out::add);
    read("dev-1", 0);
    read("dev-2", 0);
    directory.removed.addAll(List.of("dev-2", "gw-2"));

    tick(11 * 60);

    assertThat(out).extracting(Signal::subject).containsExactly(SubjectKey.device("dev-1"));
    assertThat(evaluator.state().devices()).extracting(d -> d.deviceId()).containsExactly("dev-1");
  }

  @Test
  void timeTheCloudWasDownIsNoOnesSilence() {
    evaluator.gatewayContact("gw-1", T0, out::add);
    read("dev-1", 0);
    // the cloud stops 2 min later and is back 8 min after that
    evaluator.resumed(T0.plusSeconds(2 * 60), T0.plusSeconds(10 * 60));

    tick(10 * 60 + 30);
    assertThat(out).as("the gateway's 2.5 min heard of its 5, not 10.5").isEmpty();

    evaluator.gatewayContact("gw-1", T0.plusSeconds(11 * 60), out::add);
    evaluator.gatewayContact("gw-1", T0.plusSeconds(16 * 60), out::add);
    tick(18 * 60);
    assertThat(out).as("the device's 10 min heard of its 10, not 18").isEmpty();

    evaluator.gatewayContact("gw-1", T0.plusSeconds(18 * 60), out::add);
    tick(18 * 60 + 1);
    assertThat(out).extracting(Signal::subject).containsExactly(SubjectKey.device("dev-1"));
    assertThat(out.get(0).summary()).contains("no reading for 18 min");
  }

  @Test
  void whatItKnowsSurvivesInItsState() {
    for (int m = 0; m <= 15; m += 5) {
      read("dev-1", m * 60); // every 5 min: silent after 15
    }
    evaluator.statusChange(ctx("dev-9"), status("dev-9", DeviceState.OFFLINE, 15 * 60), out::add);

    OfflineEvaluator restarted = new OfflineEvaluator(rule, directory, profile -> null);
    restarted.restore(evaluator.state());
    List<Signal> after = new ArrayList<>();
    restarted.gatewayContact("gw-1", T0.plusSeconds(29 * 60), after::add);
    restarted.tick(T0.plusSeconds(30 * 60), after::add);
    assertThat(after).as("dev-1: 15 min of its 15").isEmpty();
    restarted.tick(T0.plusSeconds(30 * 60 + 1), after::add);
    assertThat(after).extracting(Signal::subject).containsExactly(SubjectKey.device("dev-1"));

    restarted.observe(
        new Observation(
            ctx("dev-9"),
            "pm2_5",
            Quantity.PM2_5,
            Value.of(3),
            T0.plusSeconds(31 * 60),
            Quality.GOOD),
        after::add);
    assertThat(after.get(after.size() - 1))
        .as("the device reported offline before the restart clears when it answers")
        .satisfies(
            s -> {
              assertThat(s.kind()).isEqualTo(Signal.Kind.CLEAR);
              assertThat(s.subject()).isEqualTo(SubjectKey.device("dev-9"));
            });
    assertThat(restartedStateRoundTrip(restarted)).isEqualTo(restarted.state());
  }

  private OfflineEvaluator.Saved restartedStateRoundTrip(OfflineEvaluator e) {
    OfflineEvaluator again = new OfflineEvaluator(rule, directory, profile -> null);
    again.restore(e.state());
    return again.state();
  }

  // --- helpers

  private void tick(long seconds) {
    evaluator.tick(T0.plusSeconds(seconds), out::add);
  }

  private void read(String device, long seconds) {
    read(device, seconds, "pm2_5");
  }

  private void read(String device, long seconds, String point) {
    read(device, seconds, point, Quality.GOOD);
  }

  private void read(String device, long seconds, String point, Quality quality) {
    evaluator.observe(
        new Observation(
            ctx(device), point, Quantity.PM2_5, Value.of(12), T0.plusSeconds(seconds), quality),
        out::add);
  }

  private static DeviceContext ctx(String device) {
    return new DeviceContext(device, "gw-1", "sds011", "st-1", null, "u-dev");
  }

  private static StatusChange status(String device, DeviceState state, long seconds) {
    String reason = state == DeviceState.OFFLINE ? "5 consecutive timeouts" : "answered again";
    return new StatusChange(1, device, state, reason, T0.plusSeconds(seconds).toEpochMilli());
  }

  /**
   * Every device and gateway is registered (devices as {@link #ctx}, gateways in "u-" + their id)
   * but those a test removed.
   */
  private static final class Directory implements RuleDirectory {
    final java.util.Set<String> removed = new java.util.HashSet<>();

    @Override
    public Optional<DeviceContext> device(String deviceId) {
      return removed.contains(deviceId) ? Optional.empty() : Optional.of(ctx(deviceId));
    }

    @Override
    public Optional<String> gatewayUnit(String gatewayId) {
      return removed.contains(gatewayId) ? Optional.empty() : Optional.of("u-" + gatewayId);
    }

    @Override
    public List<StationPlace> stationsMeasuring(Quantity q) {
      return List.of();
    }

    @Override
    public OptionalDouble stationLevel(String stationId, String level) {
      return OptionalDouble.empty();
    }
  }
}
