package org.citysense.cloud.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.citysense.cloud.rules.NeighbourRule;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.cloud.rules.StationStatus;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class NeighbourEvaluatorTest {
  private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
  private static final double LAT = 31.23;
  private static final double LON = 121.47;

  /** About 1 km of latitude, and of longitude at 31.23° N, in degrees. */
  private static final double KM_LAT = 1 / 111.195;

  private static final double KM_LON = 1 / (111.195 * Math.cos(Math.toRadians(LAT)));

  /** S in the middle; a 1 km north, b 2 km east, c 3 km south, d 4 km west, far 15 km north. */
  private static final List<StationPlace> PLACES =
      List.of(
          new StationPlace("st-s", "u-east", LAT, LON),
          new StationPlace("st-a", "u-east", LAT + KM_LAT, LON),
          new StationPlace("st-b", "u-east", LAT, LON + 2 * KM_LON),
          new StationPlace("st-c", "u-west", LAT - 3 * KM_LAT, LON),
          new StationPlace("st-d", "u-west", LAT, LON - 4 * KM_LON),
          new StationPlace("st-far", "u-north", LAT + 15 * KM_LAT, LON));

  private final Directory directory = new Directory(PLACES);
  private final List<Signal> out = new ArrayList<>();

  private static NeighbourRule rule(int k, int quorum, double maxKm, double minExcess) {
    return new NeighbourRule(
        "pm-neighbours",
        Severity.MINOR,
        true,
        Quantity.PM2_5,
        k,
        0.3,
        Duration.ofMinutes(10),
        quorum,
        maxKm,
        minExcess);
  }

  private final NeighbourEvaluator standard =
      new NeighbourEvaluator(rule(3, 3, 10.0, 2.0), directory);

  @Test
  void exactlyThirtyPercentAboveDoesNotRaise() {
    neighbours(standard, 0, 10.0, 10.0, 10.0);
    feed(standard, "st-s", 60, 13.0);

    assertThat(out).isEmpty();
    assertThat(standard.status().signalled()).isZero();
  }

  @Test
  void justAboveThirtyPercentRaisesNamingTheNeighbours() {
    neighbours(standard, 0, 10.0, 10.0, 10.0);
    feed(standard, "st-s", 60, 13.01);

    assertThat(out).hasSize(1);
    Signal s = out.get(0);
    assertThat(s.kind()).isEqualTo(Signal.Kind.RAISE);
    assertThat(s.ruleId()).isEqualTo("pm-neighbours");
    assertThat(s.ruleType()).isEqualTo(RuleType.NEIGHBOUR);
    assertThat(s.severity()).isEqualTo(Severity.MINOR);
    assertThat(s.autoResolve()).isTrue();
    assertThat(s.category()).isEqualTo(Category.ENVIRONMENT);
    assertThat(s.subject()).isEqualTo(SubjectKey.station("st-s"));
    assertThat(s.stationId()).isEqualTo("st-s");
    assertThat(s.device().deviceId()).isEqualTo("dev-st-s");
    assertThat(s.unitId()).isEqualTo("u-east");
    assertThat(s.at()).isEqualTo(T0.plusSeconds(60));
    assertThat(s.value()).isEqualTo(13.01);
    assertThat(s.edge()).isFalse();
    assertThat(s.actions()).isEmpty();
    assertThat(s.summary())
        .isEqualTo(
            "PM2.5 at st-s: 13.0 µg/m³ over 10 min is 30.1 % above its 3 neighbours' 10.0"
                + " (st-a 10.0, st-b 10.0, st-c 10.0)");
    assertThat(s.details())
        .containsEntry("mean", 13.01)
        .containsEntry("neighbourMean", 10.0)
        .containsEntry("window", 600L);
    assertThat((Double) s.details().get("ratio")).isCloseTo(0.301, within(1e-9));
    assertThat(neighbourIds(s)).containsExactly("st-a", "st-b", "st-c");
    Map<String, Object> a = neighbourRows(s).get(0);
    assertThat(a).containsEntry("mean", 10.0);
    assertThat((Double) a.get("distanceKm")).isEqualTo(1.0);
    assertThat((Double) neighbourRows(s).get(1).get("distanceKm")).isEqualTo(2.0);
    assertThat((Double) neighbourRows(s).get(2).get("distanceKm")).isEqualTo(3.0);
    assertThat(standard.status().signalled()).isEqualTo(1);
  }

  @Test
  void repeatsTheRaiseOnEveryReadingThatStillExceeds() {
    neighbours(standard, 0, 10.0, 10.0, 10.0);
    feed(standard, "st-s", 60, 20.0);
    feed(standard, "st-s", 120, 20.0);

    assertThat(out).extracting(Signal::kind).containsExactly(Signal.Kind.RAISE, Signal.Kind.RAISE);
  }

  @Test
  void quorumNotMetIsNoDecision() {
    feed(standard, "st-a", 0, 10.0);
    feed(standard, "st-b", 0, 10.0);
    feed(standard, "st-d", 0, 10.0); // has data, but is the 4th nearest: not a neighbour for k=3
    long before = standard.status().noDecision();
    feed(standard, "st-s", 60, 50.0);

    assertThat(out).isEmpty();
    RuleStatus status = standard.status();
    assertThat(status.noDecision()).isEqualTo(before + 1);
    assertThat(status.notes().get(0))
        .isEqualTo(
            "st-s at 2026-05-01T08:01:00Z: 2 of 3 neighbours have good readings in the last 10"
                + " min, quorum 3");
  }

  @Test
  void eachStationKeepsWhatWasLastMadeOfIt() {
    feed(standard, "st-a", 0, 10.0);
    feed(standard, "st-b", 0, 10.0);
    feed(standard, "st-s", 60, 50.0); // 2 of 3 neighbours: no decision
    feed(standard, "st-c", 70, 10.0);

    Map<String, StationStatus> byStation = new java.util.HashMap<>();
    standard.stations().forEach(st -> byStation.put(st.stationId(), st));
    assertThat(byStation.get("st-s").outcome()).isEqualTo(StationStatus.NO_DECISION);
    assertThat(byStation.get("st-s").note()).contains("2 of 3 neighbours", "quorum 3");
    assertThat(byStation.get("st-s").at()).isEqualTo(T0.plusSeconds(60));
    assertThat(byStation.get("st-c").outcome()).isEqualTo(StationStatus.NORMAL);
    assertThat(byStation.get("st-c").note()).contains("10.0 µg/m³", "not above");

    feed(standard, "st-s", 80, 50.0); // now 3 of 3
    standard.stations().forEach(st -> byStation.put(st.stationId(), st));
    assertThat(byStation.get("st-s").outcome()).isEqualTo(StationStatus.SIGNALLED);
    assertThat(byStation.get("st-s").ruleId()).isEqualTo("pm-neighbours");
    assertThat(byStation.get("st-s").type()).isEqualTo(RuleType.NEIGHBOUR);
  }

  @Test
  void aStationWithNoOtherWithinReachSaysSo() {
    NeighbourEvaluator near = new NeighbourEvaluator(rule(3, 3, 0.5, 2.0), directory);
    feed(near, "st-a", 0, 10.0);
    feed(near, "st-s", 60, 50.0);

    assertThat(out).isEmpty();
    assertThat(near.status().notes())
        .contains(
            "st-s at 2026-05-01T08:01:00Z: no other station lies within 0.5 km (maxDistanceKm),"
                + " so it has no neighbours to compare with");
  }

  @Test
  void theExcessPrintsAsPreciselyAsItMatters() {
    assertThat(NeighbourEvaluator.percentAbove(0.3025, 0.3)).isEqualTo("30.3");
    assertThat(NeighbourEvaluator.percentAbove(0.3001, 0.3)).isEqualTo("30.01");
    assertThat(NeighbourEvaluator.percentAbove(0.452, 0.3)).isEqualTo("45");
    assertThat(NeighbourEvaluator.percentAbove(0.3049, 0.3)).isEqualTo("30.5");
  }

  @Test
  void aStaleNeighbourHasNoData() {
    feed(standard, "st-c", -11 * 60, 10.0); // before the window (07:51, 08:01]
    feed(standard, "st-a", 0, 10.0);
    feed(standard, "st-b", 0, 10.0);
    feed(standard, "st-s", 60, 50.0);

    assertThat(out).isEmpty();
    assertThat(standard.status().notes().get(0)).contains("2 of 3 neighbours", "quorum 3");

    // with a quorum of 2 it decides on the two with data; the stale one is listed without a mean
    NeighbourEvaluator two = new NeighbourEvaluator(rule(3, 2, 10.0, 2.0), directory);
    feed(two, "st-c", -11 * 60, 10.0);
    feed(two, "st-a", 0, 10.0);
    feed(two, "st-b", 0, 12.0);
    feed(two, "st-s", 60, 50.0);
    Signal s = last("st-s");
    assertThat(s.kind()).isEqualTo(Signal.Kind.RAISE);
    assertThat(s.details()).containsEntry("neighbourMean", 11.0);
    assertThat(neighbourIds(s)).containsExactly("st-a", "st-b", "st-c");
    assertThat(neighbourRows(s).get(2)).containsEntry("mean", null);
    assertThat(s.summary()).contains("its 2 neighbours' 11.0 (st-a 10.0, st-b 12.0)");
  }

  @Test
  void aStationFartherThanMaxDistanceIsNoNeighbour() {
    NeighbourEvaluator wide = new NeighbourEvaluator(rule(10, 1, 10.0, 2.0), directory);
    for (String st : List.of("st-a", "st-b", "st-c", "st-d", "st-far")) {
      feed(wide, st, 0, 10.0);
    }
    feed(wide, "st-s", 60, 50.0);
    assertThat(neighbourIds(last("st-s"))).containsExactly("st-a", "st-b", "st-c", "st-d");

    // the limit is inclusive: exactly c's distance keeps c and drops d
    out.clear();
    double toC = GreatCircle.km(LAT, LON, LAT - 3 * KM_LAT, LON);
    NeighbourEvaluator tight = new NeighbourEvaluator(rule(10, 1, toC, 2.0), directory);
    for (String st : List.of("st-a", "st-b", "st-c", "st-d", "st-far")) {
      feed(tight, st, 0, 10.0);
    }
    feed(tight, "st-s", 60, 50.0);
    assertThat(neighbourIds(last("st-s"))).containsExactly("st-a", "st-b", "st-c");
  }

  @Test
  void tiesInDistanceAreBrokenByStationId() {
    // n 1 km north; east and west 2 km away, equally; the list order puts east first
    Directory symmetric =
        new Directory(
            List.of(
                new StationPlace("st-s", "u", LAT, LON),
                new StationPlace("st-n", "u", LAT + KM_LAT, LON),
                new StationPlace("st-y-east", "u", LAT, LON + 2 * KM_LON),
                new StationPlace("st-x-west", "u", LAT, LON - 2 * KM_LON)));
    NeighbourEvaluator two = new NeighbourEvaluator(rule(2, 2, 10.0, 2.0), symmetric);
    feed(two, "st-n", 0, 10.0);
    feed(two, "st-y-east", 0, 10.0);
    feed(two, "st-x-west", 0, 10.0);
    feed(two, "st-s", 60, 50.0);

    Signal s = last("st-s");
    assertThat(neighbourIds(s)).containsExactly("st-n", "st-x-west");
    assertThat(neighbourRows(s).get(1)).containsEntry("distanceKm", 2.0);
  }

  @Test
  void badQualityNeighbourReadingsAreIgnored() {
    feed(standard, "st-a", 0, 10.0);
    feed(standard, "st-b", 0, 10.0);
    feed(standard, "st-c", 0, 10.0, Quality.OUT_OF_RANGE);
    feed(standard, "st-c", 10, 10.0, Quality.STUCK);
    feed(standard, "st-s", 60, 50.0);
    assertThat(out).isEmpty();
    assertThat(standard.status().notes().get(0)).contains("2 of 3 neighbours");

    // a good reading of c beside a wild bad one: only the good one counts
    feed(standard, "st-c", 20, 900.0, Quality.OUT_OF_RANGE);
    feed(standard, "st-c", 30, 10.0);
    feed(standard, "st-s", 90, 13.01);
    Signal s = last("st-s");
    assertThat(s.kind()).isEqualTo(Signal.Kind.RAISE);
    assertThat(s.details()).containsEntry("neighbourMean", 10.0);
    // S's mean pools its two readings in the window: (50.0 + 13.01) / 2
    assertThat((Double) s.details().get("mean")).isCloseTo(31.505, within(1e-9));
  }

  @Test
  void minExcessBlocksARatioOnlyTriggerOnLowValues() {
    neighbours(standard, 0, 1.0, 1.0, 1.0);
    feed(standard, "st-s", 60, 2.5); // 150 % above, but only 1.5 µg/m³
    assertThat(out).isEmpty();

    feed(standard, "st-s", 600 + 61, 3.0); // alone in its window: exactly 2.0 above, and inclusive
    neighbours(standard, 600 + 30, 1.0, 1.0, 1.0);
    feed(standard, "st-s", 600 + 62, 3.0);
    assertThat(out).extracting(Signal::kind).containsExactly(Signal.Kind.RAISE);
    assertThat(last("st-s").details()).containsEntry("mean", 3.0);
  }

  @Test
  void againstNeighboursAtZeroTheSummaryGivesTheExcessAndNoRatio() {
    neighbours(standard, 0, 0.0, 0.0, 0.0);
    feed(standard, "st-s", 60, 5.0);
    Signal s = last("st-s");
    assertThat(s.kind()).isEqualTo(Signal.Kind.RAISE);
    assertThat(s.summary()).contains("5.0 µg/m³ over 10 min is 5.0 µg/m³ above its 3 neighbours'");
    assertThat(s.details()).doesNotContainKey("ratio").containsEntry("neighbourMean", 0.0);
  }

  @Test
  void clearsOnceWhenTheStationComesBackDown() {
    neighbours(standard, 0, 10.0, 10.0, 10.0);
    feed(standard, "st-s", 60, 13.01);
    feed(standard, "st-s", 120, 9.0); // mean (13.01 + 9) / 2 = 11.005
    feed(standard, "st-s", 180, 9.0);

    assertThat(out).extracting(Signal::kind).containsExactly(Signal.Kind.RAISE, Signal.Kind.CLEAR);
    Signal clear = out.get(1);
    assertThat(clear.subject()).isEqualTo(SubjectKey.station("st-s"));
    assertThat(clear.at()).isEqualTo(T0.plusSeconds(120));
    assertThat((Double) clear.details().get("mean")).isCloseTo(11.005, within(1e-9));
    assertThat(clear.summary()).contains("is no longer well above its 3 neighbours' 10.0");
  }

  @Test
  void noClearWithoutARaise() {
    neighbours(standard, 0, 10.0, 10.0, 10.0);
    feed(standard, "st-s", 60, 9.0);
    assertThat(out).isEmpty();
  }

  @Test
  void noDecisionNeitherRaisesNorClears() {
    neighbours(standard, 0, 10.0, 10.0, 10.0);
    feed(standard, "st-s", 60, 20.0);
    // 20 min later the neighbours have gone quiet: S is low but nothing can be decided
    feed(standard, "st-s", 20 * 60, 5.0);
    assertThat(out).extracting(Signal::kind).containsExactly(Signal.Kind.RAISE);
    assertThat(standard.status().notes().get(0)).contains("0 of 3 neighbours");
  }

  @Test
  void windowMeanPoolsSeveralReadingsAndExcludesOlderOnes() {
    // window at the deciding reading (08:01): (07:51, 08:01]
    feed(standard, "st-s", -15 * 60, 100.0); // too old
    feed(standard, "st-a", -20 * 60, 100.0); // too old
    feed(standard, "st-a", -9 * 60, 100.0); // exactly at t - window: excluded
    feed(standard, "st-a", -5 * 60, 8.0);
    feed(standard, "st-a", 0, 12.0);
    feed(standard, "st-b", 0, 10.0);
    feed(standard, "st-c", -60, 9.0);
    feed(standard, "st-c", 0, 11.0);
    feed(standard, "st-s", -5 * 60, 12.0);
    feed(standard, "st-s", 0, 14.0);
    out.clear();
    // a second device on station S pools into the same series
    standard.observe(obs(device("dev-2", "st-s"), 60, 13.03, Quality.GOOD), out::add);

    Signal s = last("st-s");
    assertThat(s.kind()).isEqualTo(Signal.Kind.RAISE);
    assertThat(s.device().deviceId()).isEqualTo("dev-2");
    assertThat((Double) s.details().get("mean")).isCloseTo(13.01, within(1e-9));
    assertThat((Double) s.details().get("neighbourMean")).isCloseTo(10.0, within(1e-9));
    assertThat(neighbourRows(s)).extracting(r -> r.get("mean")).containsExactly(10.0, 10.0, 10.0);
  }

  @Test
  void aBacklogReadingIsEvaluatedAtItsOwnTime() {
    neighbours(standard, 0, 10.0, 10.0, 10.0);
    neighbours(standard, 30 * 60, 20.0, 20.0, 20.0);
    feed(standard, "st-s", 30 * 60, 21.0);
    assertThat(out).isEmpty();

    feed(standard, "st-s", 60, 13.01); // late: judged against the neighbours at 08:01
    Signal s = last("st-s");
    assertThat(s.kind()).isEqualTo(Signal.Kind.RAISE);
    assertThat(s.at()).isEqualTo(T0.plusSeconds(60));
    assertThat(s.details()).containsEntry("mean", 13.01).containsEntry("neighbourMean", 10.0);
  }

  @Test
  void aStationWithoutPositionIsNoDecision() {
    neighbours(standard, 0, 10.0, 10.0, 10.0);
    feed(standard, "st-nowhere", 60, 50.0);
    assertThat(out).isEmpty();
    assertThat(standard.status().notes().get(0))
        .isEqualTo("st-nowhere at 2026-05-01T08:01:00Z: station st-nowhere has no position");
  }

  @Test
  void ignoresOtherQuantitiesDevicesWithoutStationAndBadReadingsForDeciding() {
    neighbours(standard, 0, 10.0, 10.0, 10.0);
    long evaluated = standard.status().evaluated();
    DeviceContext s = device("dev-st-s", "st-s");
    standard.observe(
        new Observation(s, "pm10", Quantity.PM10, Value.of(99), T0.plusSeconds(60), Quality.GOOD),
        out::add);
    standard.observe(obs(s, 60, 99.0, Quality.OUT_OF_RANGE), out::add);
    standard.observe(
        new Observation(s, "pm2_5", Quantity.PM2_5, null, T0.plusSeconds(60), Quality.COMM_ERROR),
        out::add);
    standard.observe(obs(device("dev-loose", null), 60, 99.0, Quality.GOOD), out::add);

    assertThat(out).isEmpty();
    assertThat(standard.status().evaluated()).isEqualTo(evaluated);
  }

  @Test
  void seesAChangeInTheDirectory() {
    neighbours(standard, 0, 10.0, 10.0, 10.0);
    feed(standard, "st-s", 60, 20.0);
    assertThat(neighbourIds(last("st-s"))).containsExactly("st-a", "st-b", "st-c");

    // a new station 500 m away becomes the nearest
    List<StationPlace> more = new ArrayList<>(PLACES);
    more.add(new StationPlace("st-new", "u", LAT + 0.5 * KM_LAT, LON));
    directory.places = List.copyOf(more);
    feed(standard, "st-new", 70, 10.0);
    feed(standard, "st-s", 80, 20.0);
    assertThat(neighbourIds(last("st-s"))).containsExactly("st-new", "st-a", "st-b");
  }

  @Test
  void notesKeepTheFiveNewestFirst() {
    for (int i = 0; i < 7; i++) {
      feed(standard, "st-s", i, 10.0);
    }
    List<String> notes = standard.status().notes();
    assertThat(notes).hasSize(5);
    assertThat(notes.get(0)).startsWith("st-s at 2026-05-01T08:00:06Z");
    assertThat(notes.get(4)).startsWith("st-s at 2026-05-01T08:00:02Z");
    assertThat(standard.status().noDecision()).isEqualTo(7);
    assertThat(standard.status().evaluated()).isEqualTo(7);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void thousandStationsStayCheapPerReading() {
    // a 40 x 25 grid 1 km apart; the directory hands out a fresh list on every call
    List<StationPlace> grid = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      grid.add(new StationPlace("g-" + i, "u", LAT + (i / 25) * KM_LAT, LON + (i % 25) * KM_LON));
    }
    RuleDirectory fresh =
        new Directory(grid) {
          @Override
          public List<StationPlace> stationsMeasuring(Quantity q) {
            return new ArrayList<>(places);
          }
        };
    NeighbourEvaluator e = new NeighbourEvaluator(rule(8, 5, 5.0, 2.0), fresh);
    List<Signal> signals = new ArrayList<>();
    // two hours of one reading a minute from every station; g-500 reads high for the last hour
    for (int minute = 0; minute < 120; minute++) {
      for (int i = 0; i < 1000; i++) {
        double v = i == 500 && minute >= 60 ? 40.0 : 10.0 + (i % 3);
        e.observe(obs(device("d-" + i, "g-" + i), minute * 60, v, Quality.GOOD), signals::add);
      }
    }
    assertThat(signals).isNotEmpty();
    assertThat(signals).allMatch(s -> s.stationId().equals("g-500"));
    assertThat(e.status().evaluated()).isEqualTo(120_000);
  }

  // --- helpers

  private void neighbours(NeighbourEvaluator e, long seconds, double a, double b, double c) {
    feed(e, "st-a", seconds, a);
    feed(e, "st-b", seconds, b);
    feed(e, "st-c", seconds, c);
  }

  private void feed(NeighbourEvaluator e, String station, long seconds, double value) {
    feed(e, station, seconds, value, Quality.GOOD);
  }

  private void feed(
      NeighbourEvaluator e, String station, long seconds, double value, Quality quality) {
    e.observe(obs(device("dev-" + station, station), seconds, value, quality), out::add);
  }

  private static DeviceContext device(String id, String station) {
    return new DeviceContext(id, "gw-1", "sds011", station, null, "u-device");
  }

  private static Observation obs(DeviceContext d, long seconds, double value, Quality quality) {
    return new Observation(
        d, "pm2_5", Quantity.PM2_5, Value.of(value), T0.plusSeconds(seconds), quality);
  }

  private Signal last(String station) {
    for (int i = out.size() - 1; i >= 0; i--) {
      if (station.equals(out.get(i).stationId())) {
        return out.get(i);
      }
    }
    throw new AssertionError("no signal for " + station + " in " + out);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> neighbourRows(Signal s) {
    return (List<Map<String, Object>>) s.details().get("neighbours");
  }

  private static List<Object> neighbourIds(Signal s) {
    return neighbourRows(s).stream().map(r -> r.get("stationId")).toList();
  }

  /** The registry as a list of places; devices and levels are not needed here. */
  static class Directory implements RuleDirectory {
    List<StationPlace> places;

    Directory(List<StationPlace> places) {
      this.places = places;
    }

    @Override
    public Optional<DeviceContext> device(String deviceId) {
      return Optional.empty();
    }

    @Override
    public Optional<String> gatewayUnit(String gatewayId) {
      return Optional.empty();
    }

    @Override
    public List<StationPlace> stationsMeasuring(Quantity q) {
      return places;
    }

    @Override
    public OptionalDouble stationLevel(String stationId, String level) {
      return OptionalDouble.empty();
    }
  }
}
