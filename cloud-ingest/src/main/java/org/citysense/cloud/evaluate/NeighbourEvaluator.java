package org.citysense.cloud.evaluate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.citysense.cloud.rules.NeighbourRule;
import org.citysense.cloud.rules.Rule;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.cloud.rules.StationStatus;
import org.citysense.profiles.quantity.Quantity;

/**
 * The station-relative rule: a station reading well above its nearest neighbours, which a fixed
 * threshold cannot see (a stove beside a dust sensor on a day the whole city is hazy is not news;
 * the same stove on a clear day is).
 *
 * <p>Every good reading of the rule's quantity from a device hung from a station S goes into S's
 * series (several devices of one station pool there) and is evaluated at its own timestamp t, so a
 * replayed backlog is judged as of its time: S's mean over (t − window, t] against the mean of the
 * neighbours' own means over the same window. The neighbours are the {@code k} nearest other
 * stations measuring the quantity within {@code maxDistanceKm} (great-circle, inclusive), by
 * distance to the metre and then by station id; a neighbour without good readings in the window has
 * no data and does not count toward the quorum. Fewer than {@code quorum} neighbours with data, or
 * S without a position, is no decision: neither raise nor clear, counted and noted.
 *
 * <p>It raises when mean(S) &gt; (1 + ratio) × neighbours' mean and mean(S) − neighbours' mean ≥
 * {@code minExcess}; the ratio test has a relative tolerance of 1e-9 so that exactly (1 + ratio)×
 * does not trigger through floating point (and the excess test the same tolerance the other way, so
 * that exactly {@code minExcess} does). A decided reading that does not exceed clears a raised
 * station. The details carry {@code mean}, {@code neighbourMean}, {@code ratio} (mean /
 * neighbourMean − 1; left out when the neighbours' mean is not positive), {@code window} in seconds
 * and {@code neighbours}: per neighbour its {@code stationId}, {@code distanceKm} (to 0.01) and
 * {@code mean} (null without data).
 *
 * <p>Memory: per station only the readings a window can still need, those not older than the
 * station's newest reading − window − {@value #LATE_SLACK_MINUTES} min; the slack keeps modestly
 * late data (a gateway's short backlog) evaluable against its neighbours. A reading later than that
 * is still evaluated, usually to no decision since the neighbours' data for its time is gone.
 *
 * <p>Neighbour lists are cached per station and computed on first need (O(stations) once). The
 * directory is asked on every reading; its answer is taken as unchanged when it is the same list
 * instance of the same size as last time, or a list of the same size within {@value
 * #REFRESH_SECONDS} s of event time of the last check (for directories that build a fresh list per
 * call). Otherwise its content is compared (O(stations), at most once per 60 s of event time while
 * the count stays) and, when it differs, the cache is dropped. So a station added or removed is
 * seen at once and a station moved within 60 s of event time, provided the directory hands out a
 * new list when its answer changes (an immutable cached list does; one mutated in place keeping its
 * size is not noticed). A reading then costs O(k × log n + k × points in window), not O(stations):
 * about 10 µs in the 1,000-station test, JIT warm-up included.
 */
public final class NeighbourEvaluator implements Evaluator, Stateful<NeighbourEvaluator.Saved> {
  static final int LATE_SLACK_MINUTES = 60;
  static final int REFRESH_SECONDS = 60;
  private static final long LATE_SLACK = Duration.ofMinutes(LATE_SLACK_MINUTES).toNanos();
  private static final long REFRESH = Duration.ofSeconds(REFRESH_SECONDS).toNanos();
  private static final double TOLERANCE = 1e-9;
  private static final int MAX_NOTES = 5;

  private final NeighbourRule rule;
  private final RuleDirectory directory;
  private final StationBoard board;
  private final long window;
  private final String windowText;
  private final Map<String, StationSeries> series = new HashMap<>();
  private final Set<String> raised = new HashSet<>();
  private final StationJudgements judgements;
  private final Deque<String> notes = new ArrayDeque<>();
  private long evaluated;
  private long signalled;
  private long noDecision;
  private long clock = Long.MIN_VALUE;

  private List<StationPlace> answer;
  private List<StationPlace> places = List.of();
  private Map<String, StationPlace> placesById = Map.of();
  private long placesCheckedAt;
  private final Map<String, List<Near>> nearest = new HashMap<>();

  public NeighbourEvaluator(NeighbourRule rule, RuleDirectory directory) {
    this(rule, directory, null);
  }

  /**
   * @param board where the neighbours' readings are when they may be judged elsewhere (another
   *     partition of the log); null when every station's readings come here
   */
  public NeighbourEvaluator(NeighbourRule rule, RuleDirectory directory, StationBoard board) {
    this.rule = rule;
    this.directory = directory;
    this.board = board;
    this.window = rule.window().toNanos();
    this.windowText = text(rule.window());
    this.judgements = new StationJudgements(rule);
  }

  @Override
  public Rule rule() {
    return rule;
  }

  @Override
  public void observe(Observation o, SignalSink out) {
    if (o.quantity() != rule.quantity()
        || !o.good()
        || o.device() == null
        || o.device().stationId() == null) {
      return;
    }
    double value = o.value().asDouble();
    if (!Double.isFinite(value)) {
      return;
    }
    String station = o.device().stationId();
    long t = nanos(o.at());
    StationSeries own = series.computeIfAbsent(station, s -> new StationSeries());
    own.add(t, value);
    if (board != null) {
      board.put(rule.id(), station, t, value);
    }
    clock = Math.max(clock, t);
    evaluated++;
    evaluate(o, station, t, own, out);
    own.dropBefore(own.newest() - window - LATE_SLACK);
  }

  private void evaluate(Observation o, String station, long t, StationSeries own, SignalSink out) {
    refreshPlaces(station);
    StationPlace self = placesById.get(station);
    if (self == null) {
      noDecision(
          station, o.at(), station + " at " + o.at() + ": station " + station + " has no position");
      return;
    }
    List<Near> near = nearest.computeIfAbsent(station, s -> nearestTo(self));
    long from = t - window;
    double mean = own.mean(from, t);
    double[] means = new double[near.size()];
    double sum = 0;
    int withData = 0;
    for (int i = 0; i < means.length; i++) {
      means[i] = meanOf(near.get(i).stationId(), from, t);
      if (!Double.isNaN(means[i])) {
        sum += means[i];
        withData++;
      }
    }
    if (near.isEmpty()) {
      noDecision(
          station,
          o.at(),
          String.format(
              Locale.ROOT,
              "%s at %s: no other station lies within %s km (maxDistanceKm), so it has no"
                  + " neighbours to compare with",
              station,
              o.at(),
              trimmed(rule.maxDistanceKm())));
      return;
    }
    if (withData == 0 || withData < rule.quorum()) {
      noDecision(
          station,
          o.at(),
          String.format(
              Locale.ROOT,
              "%s at %s: %d of %d neighbours have good readings in the last %s, quorum %d",
              station,
              o.at(),
              withData,
              near.size(),
              windowText,
              rule.quorum()));
      return;
    }
    double neighbourMean = sum / withData;
    double limit = (1 + rule.ratio()) * neighbourMean;
    double excess = mean - neighbourMean;
    boolean exceeds =
        mean > limit + Math.abs(limit) * TOLERANCE
            && excess >= rule.minExcess() - Math.abs(rule.minExcess()) * TOLERANCE;
    Signal.Kind kind;
    String finding;
    // against clean air (a neighbours' mean of 0) a ratio means nothing: say the excess instead
    double ratio = neighbourMean > 0 ? mean / neighbourMean - 1 : Double.NaN;
    String unit = rule.quantity().canonicalUnit().symbol();
    if (exceeds) {
      kind = Signal.Kind.RAISE;
      raised.add(station);
      signalled++;
      finding =
          Double.isNaN(ratio)
              ? "is " + one(excess) + " " + unit + " above"
              : "is " + percentAbove(ratio, rule.ratio()) + " % above";
    } else if (raised.remove(station)) {
      kind = Signal.Kind.CLEAR;
      finding = "is no longer well above";
    } else {
      judged(
          station,
          o.at(),
          StationStatus.NORMAL,
          String.format(
              Locale.ROOT,
              "%s at %s: %s %s over %s, not above %s (its %d neighbours' %s × %s)",
              station,
              o.at(),
              one(mean),
              unit,
              windowText,
              one(limit),
              withData,
              one(neighbourMean),
              trimmed(1 + rule.ratio())));
      return;
    }
    List<Map<String, Object>> listed = new ArrayList<>(near.size());
    List<String> named = new ArrayList<>(near.size());
    for (int i = 0; i < means.length; i++) {
      Near n = near.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("stationId", n.stationId());
      row.put("distanceKm", Math.round(n.km() * 100) / 100.0);
      row.put("mean", Double.isNaN(means[i]) ? null : means[i]);
      listed.add(Collections.unmodifiableMap(row));
      if (!Double.isNaN(means[i])) {
        named.add(n.stationId() + " " + one(means[i]));
      }
    }
    String summary =
        String.format(
            Locale.ROOT,
            "%s at %s: %s %s over %s %s its %d neighbours' %s (%s)",
            label(rule.quantity()),
            station,
            one(mean),
            unit,
            windowText,
            finding,
            withData,
            one(neighbourMean),
            String.join(", ", named));
    Map<String, Object> details = new LinkedHashMap<>();
    // the quantity and unit name what the messages tell; percentAbove the figure that matters
    details.put("quantity", rule.quantity().id());
    details.put("unit", unit);
    details.put("mean", mean);
    details.put("neighbourMean", neighbourMean);
    if (!Double.isNaN(ratio)) {
      details.put("ratio", ratio);
      details.put("percentAbove", Double.parseDouble(percentAbove(ratio, rule.ratio())));
    }
    details.put("window", rule.window().toSeconds());
    details.put("neighbours", List.copyOf(listed));
    judged(
        station,
        o.at(),
        kind == Signal.Kind.RAISE ? StationStatus.SIGNALLED : StationStatus.CLEARED,
        summary);
    String unitId = self.unitId() != null ? self.unitId() : o.device().unitId();
    out.accept(
        new Signal(
            kind,
            rule.id(),
            rule.type(),
            rule.severity(),
            Category.ENVIRONMENT,
            rule.autoResolve(),
            SubjectKey.station(station),
            o.device(),
            station,
            unitId,
            o.at(),
            mean,
            summary,
            details,
            false,
            List.of()));
  }

  /** A neighbour's mean over (from, to]: from the board when there is one. */
  private double meanOf(String station, long from, long to) {
    if (board != null) {
      return board.mean(rule.id(), station, from, to);
    }
    StationSeries theirs = series.get(station);
    return theirs == null ? Double.NaN : theirs.mean(from, to);
  }

  /** Takes the directory's current answer, dropping the neighbour cache when it changed. */
  private void refreshPlaces(String station) {
    List<StationPlace> now = directory.stationsMeasuring(rule.quantity(), station);
    boolean sameSize = answer != null && now.size() == places.size();
    if (sameSize && (now == answer || clock - placesCheckedAt < REFRESH)) {
      return;
    }
    answer = now;
    placesCheckedAt = clock;
    if (sameSize && now.equals(places)) {
      return;
    }
    places = List.copyOf(now);
    Map<String, StationPlace> byId = new HashMap<>();
    for (StationPlace p : places) {
      byId.put(p.stationId(), p);
    }
    placesById = byId;
    nearest.clear();
  }

  private List<Near> nearestTo(StationPlace self) {
    List<Near> all = new ArrayList<>();
    for (StationPlace p : placesById.values()) {
      if (p.stationId().equals(self.stationId())) {
        continue;
      }
      double km = GreatCircle.km(self.lat(), self.lon(), p.lat(), p.lon());
      if (km <= rule.maxDistanceKm()) {
        all.add(new Near(p.stationId(), km));
      }
    }
    // to the metre, so that stations placed symmetrically tie despite rounding in the last digit
    all.sort(
        Comparator.comparingLong((Near n) -> Math.round(n.km() * 1000))
            .thenComparing(Near::stationId));
    return List.copyOf(all.subList(0, Math.min(rule.k(), all.size())));
  }

  private void noDecision(String station, Instant at, String note) {
    judged(station, at, StationStatus.NO_DECISION, note);
    noDecision++;
    notes.addFirst(note);
    while (notes.size() > MAX_NOTES) {
      notes.removeLast();
    }
  }

  private void judged(String station, Instant at, String outcome, String note) {
    judgements.judged(station, at, outcome, note);
  }

  @Override
  public List<StationStatus> stations() {
    return judgements.all();
  }

  @Override
  public RuleStatus status() {
    return new RuleStatus(
        rule.id(), rule.type(), evaluated, signalled, noDecision, List.copyOf(notes));
  }

  private record Near(String stationId, double km) {}

  /**
   * What survives a restart: each station's window of readings (epoch nanoseconds and values) and
   * which stations are raised, so the means after a restart include the readings before it.
   */
  public record Saved(List<SavedSeries> series, List<String> raised, long clock) {}

  public record SavedSeries(String stationId, long[] times, double[] values, long newest) {}

  @Override
  public void seed(Seed seed) {
    for (SubjectKey subject : seed.raised(rule.id())) {
      raised.add(subject.id());
    }
  }

  @Override
  public Class<Saved> stateType() {
    return Saved.class;
  }

  @Override
  public Saved state() {
    List<SavedSeries> saved = new ArrayList<>(series.size());
    series.forEach((id, s) -> saved.add(new SavedSeries(id, s.times(), s.values(), s.newest())));
    return new Saved(saved, List.copyOf(raised), clock);
  }

  @Override
  public void restore(Saved saved) {
    series.clear();
    for (SavedSeries s : saved.series()) {
      series.put(s.stationId(), StationSeries.of(s.times(), s.values(), s.newest()));
    }
    raised.clear();
    raised.addAll(saved.raised());
    clock = saved.clock();
  }

  private static long nanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
  }

  /**
   * The excess in percent, as few decimals as show it beyond the rule's ratio: 30.1 % (not 30 %)
   * for 30.1 % under a rule of "more than 30 %", 45 % for 45.2 %.
   */
  static String percentAbove(double ratio, double ruleRatio) {
    double percent = ratio * 100;
    for (int decimals = 0; decimals < 3; decimals++) {
      String text = String.format(Locale.ROOT, "%." + decimals + "f", percent);
      if (Double.parseDouble(text) > ruleRatio * 100) {
        return text;
      }
    }
    return String.format(Locale.ROOT, "%.3f", percent);
  }

  /** 10 for 10.0, 2.5 for 2.5. */
  private static String trimmed(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static String one(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String label(Quantity q) {
    return switch (q) {
      case PM2_5 -> "PM2.5";
      case PM10 -> "PM10";
      case CO -> "CO";
      default -> q.id();
    };
  }

  static String text(Duration d) {
    if (d.toSeconds() % 3600 == 0) {
      return d.toHours() + " h";
    }
    if (d.toSeconds() % 60 == 0) {
      return d.toMinutes() + " min";
    }
    return d.toSeconds() + " s";
  }
}
