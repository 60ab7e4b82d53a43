package org.citysense.cloud.evaluate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.citysense.cloud.rules.Limit;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.cloud.rules.StationStatus;
import org.citysense.cloud.rules.ThresholdRule;

/**
 * A {@link ThresholdRule} at work, per point. The condition is value ≥ limit ({@code above}) or
 * value ≤ limit ({@code below}); it raises once it has held for {@code forDuration} in event time
 * (zero: at once) and raises again on every reading that still meets it. A raised point clears past
 * {@code clearAt} (below it for {@code above}, above it for {@code below}); a value between the
 * limit and {@code clearAt} keeps whatever state the point is in. If the condition stops before
 * {@code forDuration} has passed, the clock just starts over.
 *
 * <p>A level limit ({@link Limit#level}) is looked up on the device's station for every reading, so
 * a changed level takes effect at once; a device without a station, or a station without the level,
 * is a "no decision" with a note, never a signal.
 *
 * <p>Readings of bad quality neither raise nor clear; a reading older than the newest one seen for
 * its point (a replayed backlog) is counted but leaves the state alone.
 */
public final class ThresholdEvaluator implements Evaluator, Stateful<ThresholdEvaluator.Saved> {
  private final ThresholdRule rule;
  private final RuleDirectory directory;
  private final Map<SubjectKey, State> states = new HashMap<>();
  private final EvaluationCounts counts = new EvaluationCounts();
  private final StationJudgements judgements;

  private static final class State {
    final Newest newest;
    Instant since;
    boolean raised;

    State(Newest newest) {
      this.newest = newest;
    }
  }

  /** What survives a restart: per point ("device/point"), as {@link State} holds it. */
  public record Saved(List<SavedPoint> points) {}

  public record SavedPoint(String point, Instant newest, Instant since, boolean raised) {}

  public ThresholdEvaluator(ThresholdRule rule, RuleDirectory directory) {
    this.rule = rule;
    this.directory = directory;
    this.judgements = new StationJudgements(rule);
  }

  /** What it last made of each station whose devices it judged. */
  @Override
  public List<StationStatus> stations() {
    return judgements.all();
  }

  @Override
  public ThresholdRule rule() {
    return rule;
  }

  @Override
  public void observe(Observation o, SignalSink out) {
    if (!counts.decides(o, rule.quantity())) {
      return;
    }
    SubjectKey subject = SubjectKey.point(o.device().deviceId(), o.point());
    State state = states.computeIfAbsent(subject, k -> new State(new Newest()));
    if (!state.newest.advance(o.at())) {
      return;
    }
    OptionalDouble limit = resolve(rule.limit(), o);
    if (limit.isEmpty()) {
      return;
    }
    OptionalDouble clearAt = rule.clearAt() == null ? limit : resolve(rule.clearAt(), o);
    if (clearAt.isEmpty()) {
      return;
    }
    String outcome = decide(o, subject, state, limit.getAsDouble(), clearAt.getAsDouble(), out);
    String station = o.device().stationId();
    if (station != null) {
      double v = o.value().asDouble();
      judgements.judged(
          station,
          o.at(),
          outcome,
          station
              + " at "
              + o.at()
              + ": "
              + subject.id()
              + " "
              + ValueSignals.num(v)
              + ValueSignals.unit(rule.quantity())
              + (v >= limit.getAsDouble() ? " ≥ " : " < ")
              + ValueSignals.num(limit.getAsDouble())
              + (rule.limit().isLevel() ? " (level " + rule.limit().level() + ")" : ""));
    }
  }

  /** Signals what the reading means; returns the {@link StationStatus} outcome. */
  private String decide(
      Observation o,
      SubjectKey subject,
      State state,
      double limit,
      double clearAt,
      SignalSink out) {
    double v = o.value().asDouble();
    boolean holds = rule.above() ? v >= limit : v <= limit;
    boolean cleared = rule.above() ? v < clearAt : v > clearAt;
    if (holds) {
      if (state.since == null) {
        state.since = o.at();
      }
      Duration held = Duration.between(state.since, o.at());
      if (held.compareTo(forDuration()) >= 0) {
        state.raised = true;
        counts.signalled();
        out.accept(
            signal(
                Signal.Kind.RAISE, o, subject, v, limit, clearAt, held, summary(v, limit, held)));
        return StationStatus.SIGNALLED;
      }
    } else if (cleared || !state.raised) {
      Instant since = state.since;
      state.since = null;
      if (state.raised) {
        state.raised = false;
        // a raised mark seeded from an open event has no start
        Duration held = since == null ? Duration.ZERO : Duration.between(since, o.at());
        String summary =
            ValueSignals.name(rule.quantity())
                + " "
                + ValueSignals.num(v)
                + ValueSignals.unit(rule.quantity())
                + (rule.above() ? " < " : " > ")
                + ValueSignals.num(clearAt)
                + ", back to normal";
        out.accept(signal(Signal.Kind.CLEAR, o, subject, v, limit, clearAt, held, summary));
        return StationStatus.CLEARED;
      }
    }
    // else: raised and between the limit and clearAt: stays raised, nothing new to say
    return state.raised ? StationStatus.SIGNALLED : StationStatus.NORMAL;
  }

  private Duration forDuration() {
    return rule.forDuration() == null ? Duration.ZERO : rule.forDuration();
  }

  private String summary(double v, double limit, Duration held) {
    return ValueSignals.name(rule.quantity())
        + " "
        + ValueSignals.num(v)
        + ValueSignals.unit(rule.quantity())
        + (rule.above() ? " ≥ " : " ≤ ")
        + ValueSignals.num(limit)
        // "for 0 s" says nothing to a reader: how long it has held, once it has
        + (held.toSeconds() == 0 ? "" : " for " + held.toSeconds() + " s");
  }

  private Signal signal(
      Signal.Kind kind,
      Observation o,
      SubjectKey subject,
      double v,
      double limit,
      double clearAt,
      Duration held,
      String summary) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("direction", rule.above() ? "above" : "below");
    details.put("limit", limit);
    if (rule.limit().isLevel()) {
      details.put("level", rule.limit().level());
    }
    details.put("clearAt", clearAt);
    details.put("forSeconds", forDuration().toSeconds());
    details.put("heldSeconds", held.toSeconds());
    details.put("unit", rule.quantity().canonicalUnit().symbol());
    return ValueSignals.signal(
        kind,
        rule,
        Categories.ofValue(rule.quantity(), o.device()),
        subject,
        o.device(),
        o.at(),
        v,
        summary,
        details);
  }

  /** A fixed limit, or the named level of the device's station; empty (and noted) when missing. */
  private OptionalDouble resolve(Limit limit, Observation o) {
    if (!limit.isLevel()) {
      return OptionalDouble.of(limit.value());
    }
    DeviceContext device = o.device();
    String stationId = device.stationId();
    if (stationId == null) {
      counts.noDecision(
          "device " + device.deviceId() + " has no station for level '" + limit.level() + "'");
      return OptionalDouble.empty();
    }
    OptionalDouble level = directory.stationLevel(stationId, limit.level());
    if (level.isEmpty()) {
      String note = "station " + stationId + " has no level '" + limit.level() + "'";
      counts.noDecision(note);
      judgements.judged(stationId, o.at(), StationStatus.NO_DECISION, note);
    }
    return level;
  }

  @Override
  public void seed(Seed seed) {
    for (SubjectKey subject : seed.raised(rule.id())) {
      states.computeIfAbsent(subject, k -> new State(new Newest())).raised = true;
    }
  }

  @Override
  public Class<Saved> stateType() {
    return Saved.class;
  }

  @Override
  public Saved state() {
    List<SavedPoint> points = new ArrayList<>(states.size());
    states.forEach((k, s) -> points.add(new SavedPoint(k.id(), s.newest.at(), s.since, s.raised)));
    return new Saved(points);
  }

  @Override
  public void restore(Saved saved) {
    states.clear();
    for (SavedPoint p : saved.points()) {
      State s = new State(new Newest(p.newest()));
      s.since = p.since();
      s.raised = p.raised();
      states.put(new SubjectKey("point", p.point()), s);
    }
  }

  @Override
  public RuleStatus status() {
    return counts.status(rule);
  }
}
