package org.citysense.cloud.evaluate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.cloud.rules.RateRule;
import org.citysense.cloud.rules.RuleStatus;

/**
 * A {@link RateRule} at work, per point. For each good reading it fits a least-squares line through
 * the point's good readings with a time in {@code (at - window, at]} and takes its slope, in the
 * quantity's unit per hour. It decides only with at least 3 readings spanning at least half the
 * window; otherwise it counts a "no decision" (noted once per run of undecided readings of a point,
 * so a fresh point does not flood the notes).
 *
 * <p>A {@code rise} rule raises at slope ≥ {@code risePerHour}, a {@code fall} rule at -slope ≥
 * {@code fallPerHour}, again on every reading that still meets it. <b>Hysteresis:</b> a raised
 * point clears only when its rate drops below half the limit; between half the limit and the limit
 * it stays raised without repeating, so a rate hovering around the limit does not raise and clear
 * on alternate readings.
 *
 * <p>Memory is bounded: a point keeps only the readings within the window before its newest one. A
 * reading older than the newest one seen (a replayed backlog) is counted but not used; readings of
 * bad quality are not used either.
 */
public final class RateEvaluator implements Evaluator, Stateful<RateEvaluator.Saved> {
  private static final int MIN_POINTS = 3;

  private final RateRule rule;
  private final boolean rise;
  private final double limit;
  private final Map<SubjectKey, Series> series = new HashMap<>();
  private final EvaluationCounts counts = new EvaluationCounts();

  private record Sample(Instant at, double value) {}

  private static final class Series {
    final Deque<Sample> samples = new ArrayDeque<>();
    boolean raised;
    boolean undecidedNoted;
  }

  /** What survives a restart: per point its window of readings, so a slope spans the restart. */
  public record Saved(List<SavedSeries> series) {}

  public record SavedSeries(
      String point, List<Instant> times, List<Double> values, boolean raised) {}

  public RateEvaluator(RateRule rule) {
    this.rule = rule;
    this.rise = rule.risePerHour() != null;
    this.limit = rise ? rule.risePerHour() : rule.fallPerHour();
  }

  @Override
  public RateRule rule() {
    return rule;
  }

  @Override
  public void observe(Observation o, SignalSink out) {
    if (!counts.decides(o, rule.quantity())) {
      return;
    }
    SubjectKey subject = SubjectKey.point(o.device().deviceId(), o.point());
    Series s = series.computeIfAbsent(subject, k -> new Series());
    Sample newest = s.samples.peekLast();
    if (newest != null && o.at().isBefore(newest.at())) {
      return;
    }
    if (newest != null && o.at().equals(newest.at())) {
      s.samples.removeLast();
    }
    s.samples.addLast(new Sample(o.at(), o.value().asDouble()));
    Instant from = o.at().minus(rule.window());
    while (!s.samples.peekFirst().at().isAfter(from)) {
      s.samples.removeFirst();
    }
    Duration span = Duration.between(s.samples.peekFirst().at(), o.at());
    if (s.samples.size() < MIN_POINTS || span.multipliedBy(2).compareTo(rule.window()) < 0) {
      if (!s.undecidedNoted) {
        s.undecidedNoted = true;
        counts.noDecision(
            subject.id()
                + ": "
                + s.samples.size()
                + " readings over "
                + ValueSignals.duration(span)
                + ", need "
                + MIN_POINTS
                + " over "
                + ValueSignals.duration(rule.window().dividedBy(2)));
      } else {
        counts.noDecision(null);
      }
      return;
    }
    s.undecidedNoted = false;
    double slope = slopePerHour(s.samples);
    double rate = rise ? slope : -slope;
    if (rate >= limit) {
      s.raised = true;
      counts.signalled();
      out.accept(signal(Signal.Kind.RAISE, o, subject, s, rate, span));
    } else if (s.raised && rate < limit / 2) {
      s.raised = false;
      out.accept(signal(Signal.Kind.CLEAR, o, subject, s, rate, span));
    }
  }

  /** The least-squares slope of value over time, per hour. */
  private static double slopePerHour(Deque<Sample> samples) {
    Instant origin = null;
    double n = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (Sample p : samples) {
      if (origin == null) {
        origin = p.at();
      }
      double x = Duration.between(origin, p.at()).toMillis() / 3_600_000.0;
      n++;
      sx += x;
      sy += p.value();
      sxx += x * x;
      sxy += x * p.value();
    }
    double den = n * sxx - sx * sx;
    return den == 0 ? 0 : (n * sxy - sx * sy) / den;
  }

  private Signal signal(
      Signal.Kind kind, Observation o, SubjectKey subject, Series s, double rate, Duration span) {
    String unit = ValueSignals.unit(rule.quantity()) + "/h";
    String head =
        ValueSignals.name(rule.quantity())
            + (rise ? " rising " : " falling ")
            + ValueSignals.num(rate)
            + unit
            + " over "
            + ValueSignals.duration(rule.window());
    String summary =
        kind == Signal.Kind.RAISE
            ? head + " (limit " + ValueSignals.num(limit) + unit + ")"
            : head + ", below half the limit (" + ValueSignals.num(limit / 2) + unit + ")";
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("direction", rise ? "rise" : "fall");
    details.put("ratePerHour", rate);
    details.put("limitPerHour", limit);
    details.put("clearBelowPerHour", limit / 2);
    details.put("windowSeconds", rule.window().toSeconds());
    details.put("readings", s.samples.size());
    details.put("spanSeconds", span.toSeconds());
    details.put("unit", rule.quantity().canonicalUnit().symbol() + "/h");
    return ValueSignals.signal(
        kind,
        rule,
        Categories.ofValue(rule.quantity(), o.device()),
        subject,
        o.device(),
        o.at(),
        o.value().asDouble(),
        summary,
        details);
  }

  @Override
  public void seed(Seed seed) {
    for (SubjectKey subject : seed.raised(rule.id())) {
      series.computeIfAbsent(subject, k -> new Series()).raised = true;
    }
  }

  @Override
  public Class<Saved> stateType() {
    return Saved.class;
  }

  @Override
  public Saved state() {
    List<SavedSeries> saved = new ArrayList<>(series.size());
    series.forEach(
        (k, s) ->
            saved.add(
                new SavedSeries(
                    k.id(),
                    s.samples.stream().map(Sample::at).toList(),
                    s.samples.stream().map(Sample::value).toList(),
                    s.raised)));
    return new Saved(saved);
  }

  @Override
  public void restore(Saved saved) {
    series.clear();
    for (SavedSeries k : saved.series()) {
      Series s = new Series();
      for (int i = 0; i < k.times().size(); i++) {
        s.samples.addLast(new Sample(k.times().get(i), k.values().get(i)));
      }
      s.raised = k.raised();
      series.put(new SubjectKey("point", k.point()), s);
    }
  }

  @Override
  public RuleStatus status() {
    return counts.status(rule);
  }
}
