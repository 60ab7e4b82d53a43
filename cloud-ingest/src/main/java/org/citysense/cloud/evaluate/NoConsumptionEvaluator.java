package org.citysense.cloud.evaluate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.citysense.cloud.rules.NoConsumptionRule;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.profiles.quantity.Quantity;

/**
 * A {@link NoConsumptionRule} at work, per device: a welfare check when a household's cumulative
 * meter has not really increased for {@code hours}, counting only time inside the daily active
 * window {@code [activeFrom, activeTo)} in the rule set's zone (night hours do not count).
 *
 * <p>Each device keeps a baseline (the last value taken as real), the time of the last real
 * increase ({@code silentSince}) and whether it raised. For each good reading, with delta = value -
 * baseline:
 *
 * <ul>
 *   <li>delta &lt; 0 (reset, rollover, replaced meter) or delta &gt; {@code maxStep} (a replaced
 *       meter with a higher count, a glitch): the value becomes the new baseline. This is
 *       <em>not</em> consumption and does <em>not</em> restart the silence clock: a swapped or
 *       reset meter says nothing about whether anyone used water, so only a later real increase
 *       from the new baseline proves that someone is there.
 *   <li>{@code minIncrease} ≤ delta ≤ {@code maxStep} (and delta &gt; 0): consumption. The baseline
 *       moves, the silence clock restarts, a raised device clears.
 *   <li>0 ≤ delta &lt; {@code minIncrease}: noise; nothing changes (the baseline stays, so small
 *       creeps add up until they reach {@code minIncrease}).
 * </ul>
 *
 * Then, if the active time between {@code silentSince} and the reading reaches {@code hours}, it
 * raises (again on every reading while the silence lasts). The first reading of a device only sets
 * the baseline and starts the clock. Readings of bad quality are ignored; a reading older than the
 * newest one seen for the device is counted but leaves the state alone. Silence is judged on
 * readings only: a meter that stops reporting is the offline rule's business.
 */
public final class NoConsumptionEvaluator
    implements Evaluator, Stateful<NoConsumptionEvaluator.Saved> {
  private final NoConsumptionRule rule;
  private final ZoneId zone;
  private final Map<String, State> states = new HashMap<>();
  private final EvaluationCounts counts = new EvaluationCounts();

  private static final class State {
    final Newest newest;
    double baseline;
    Instant silentSince;
    boolean raised;

    State(Newest newest) {
      this.newest = newest;
    }
  }

  /**
   * What survives a restart: per device its baseline and silence clock, so a restart neither starts
   * an elderly resident's 12-hour check again nor forgets that it raised.
   */
  public record Saved(List<SavedMeter> meters) {}

  public record SavedMeter(
      String deviceId, Instant newest, double baseline, Instant silentSince, boolean raised) {}

  public NoConsumptionEvaluator(NoConsumptionRule rule, ZoneId zone) {
    this.rule = rule;
    this.zone = zone;
  }

  @Override
  public NoConsumptionRule rule() {
    return rule;
  }

  @Override
  public void observe(Observation o, SignalSink out) {
    if (!counts.decides(o, rule.quantity())) {
      return;
    }
    String deviceId = o.device().deviceId();
    double v = o.value().asDouble();
    State state = states.get(deviceId);
    if (state == null || state.silentSince == null) {
      // the first reading sets the baseline; a seeded device keeps its raised mark meanwhile
      if (state == null) {
        state = new State(new Newest(o.at()));
        states.put(deviceId, state);
      }
      state.newest.advance(o.at());
      state.baseline = v;
      state.silentSince = o.at();
      return;
    }
    if (!state.newest.advance(o.at())) {
      return;
    }
    double delta = v - state.baseline;
    String unit = ValueSignals.unit(rule.quantity());
    if (delta < 0) {
      counts.note(
          deviceId
              + ": meter went back from "
              + ValueSignals.num(state.baseline)
              + " to "
              + ValueSignals.num(v)
              + unit
              + ", new baseline; silence keeps counting");
      state.baseline = v;
    } else if (delta > rule.maxStep()) {
      counts.note(
          deviceId
              + ": meter jumped by "
              + ValueSignals.num(delta)
              + unit
              + " (more than "
              + ValueSignals.num(rule.maxStep())
              + "), taken as a replaced meter; silence keeps counting");
      state.baseline = v;
    } else if (delta >= rule.minIncrease() && delta > 0) {
      Instant silentSince = state.silentSince;
      Duration silence = activeBetween(silentSince, o.at());
      state.baseline = v;
      state.silentSince = o.at();
      if (state.raised) {
        state.raised = false;
        String summary =
            what()
                + " used again ("
                + ValueSignals.num(delta)
                + unit
                + ") after "
                + hours(silence)
                + " h of active silence";
        out.accept(signal(Signal.Kind.CLEAR, o, v, silentSince, silence, summary));
      }
      return;
    }
    Duration silence = activeBetween(state.silentSince, o.at());
    if (silence.compareTo(rule.hours()) >= 0) {
      state.raised = true;
      counts.signalled();
      String summary =
          "no "
              + what()
              + " used for "
              + hours(silence)
              + " h of active hours ("
              + rule.activeFrom()
              + "-"
              + rule.activeTo()
              + ")";
      out.accept(signal(Signal.Kind.RAISE, o, v, state.silentSince, silence, summary));
    }
  }

  /**
   * The time in {@code [a, b)} that falls inside the rule's daily active window, in this
   * evaluator's zone.
   */
  public Duration activeBetween(Instant a, Instant b) {
    return activeBetween(a, b, rule.activeFrom(), rule.activeTo(), zone);
  }

  /**
   * The time in {@code [a, b)} that falls inside the daily window {@code [from, to)} of local time
   * in {@code zone}; zero when b is not after a. A window with {@code to} at or before {@code from}
   * runs over midnight into the next day ({@code from == to}: the whole day). Exact across DST: a
   * window's ends are the instants its local times map to (a local time inside a spring-forward gap
   * moves forward by the gap, one inside an autumn overlap takes the earlier offset), so a window
   * containing the change is an hour shorter or longer.
   */
  public static Duration activeBetween(
      Instant a, Instant b, LocalTime from, LocalTime to, ZoneId zone) {
    if (!a.isBefore(b)) {
      return Duration.ZERO;
    }
    boolean overnight = !from.isBefore(to);
    Duration total = Duration.ZERO;
    LocalDate last = b.atZone(zone).toLocalDate();
    for (LocalDate day = a.atZone(zone).toLocalDate().minusDays(1);
        !day.isAfter(last);
        day = day.plusDays(1)) {
      Instant start = day.atTime(from).atZone(zone).toInstant();
      Instant end = (overnight ? day.plusDays(1) : day).atTime(to).atZone(zone).toInstant();
      Instant lo = start.isAfter(a) ? start : a;
      Instant hi = end.isBefore(b) ? end : b;
      if (lo.isBefore(hi)) {
        total = total.plus(Duration.between(lo, hi));
      }
    }
    return total;
  }

  private String what() {
    return rule.quantity() == Quantity.WATER_VOLUME ? "water" : ValueSignals.name(rule.quantity());
  }

  private static String hours(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toSeconds() / 3600.0);
  }

  private Signal signal(
      Signal.Kind kind,
      Observation o,
      double v,
      Instant silentSince,
      Duration silence,
      String summary) {
    Map<String, Object> details = new LinkedHashMap<>();
    if (o.device().householdId() != null) {
      details.put("householdId", o.device().householdId());
    }
    details.put("silentSince", silentSince.toString());
    details.put("activeSilenceHours", silence.toSeconds() / 3600.0);
    details.put("limitHours", rule.hours().toSeconds() / 3600.0);
    details.put("activeFrom", rule.activeFrom().toString());
    details.put("activeTo", rule.activeTo().toString());
    details.put("zone", zone.getId());
    details.put("minIncrease", rule.minIncrease());
    return ValueSignals.signal(
        kind,
        rule,
        Category.WELFARE,
        SubjectKey.device(o.device().deviceId()),
        o.device(),
        o.at(),
        v,
        summary,
        details);
  }

  /** A seeded device has no baseline yet: its first reading sets one. */
  @Override
  public void seed(Seed seed) {
    for (SubjectKey subject : seed.raised(rule.id())) {
      states.computeIfAbsent(subject.id(), k -> new State(new Newest())).raised = true;
    }
  }

  @Override
  public Class<Saved> stateType() {
    return Saved.class;
  }

  @Override
  public Saved state() {
    List<SavedMeter> meters = new ArrayList<>(states.size());
    states.forEach(
        (id, s) ->
            meters.add(new SavedMeter(id, s.newest.at(), s.baseline, s.silentSince, s.raised)));
    return new Saved(meters);
  }

  @Override
  public void restore(Saved saved) {
    states.clear();
    for (SavedMeter m : saved.meters()) {
      State s = new State(new Newest(m.newest()));
      s.baseline = m.baseline();
      s.silentSince = m.silentSince();
      s.raised = m.raised();
      states.put(m.deviceId(), s);
    }
  }

  @Override
  public RuleStatus status() {
    return counts.status(rule);
  }
}
