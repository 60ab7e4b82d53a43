package org.citysense.sim.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.model.AlarmLimit;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;

/**
 * Plays a scenario for one device: turns scenario time into point values. Pure but for the water
 * meters, which integrate their flow minute by minute so that the reading only ever grows the way a
 * real meter's does.
 */
public final class Behaviour {
  private static final Duration METER_STEP = Duration.ofMinutes(1);

  private final DeviceProfile profile;
  private final String deviceId;
  private final Scenario scenario;
  private final Baselines baselines;
  private final Instant start;
  private final Map<String, AlarmLimit> limits;
  private final Map<String, Meter> meters = new LinkedHashMap<>();

  /**
   * @param start the moment scenario time 0 corresponds to
   * @param limits alarm limits by point name (the instance's overrides over the profile's)
   */
  public Behaviour(
      DeviceProfile profile,
      String deviceId,
      Scenario scenario,
      Baselines baselines,
      Instant start,
      Map<String, AlarmLimit> limits) {
    this.profile = profile;
    this.deviceId = deviceId;
    this.scenario = scenario;
    this.baselines = baselines;
    this.start = start;
    this.limits = Map.copyOf(limits);
  }

  public Scenario scenario() {
    return scenario;
  }

  public Instant start() {
    return start;
  }

  /** The values, phase and scenario faults at {@code now}. */
  public synchronized Evaluation evaluate(Instant now) {
    Duration t = Duration.between(start, now);
    Map<String, Value> values = new LinkedHashMap<>();
    for (Point p : profile.points()) {
      if (p.quantity() == Quantity.GAS_ALARM && track(p) == null) {
        continue; // follows the gas reading, below
      }
      values.put(p.name(), value(p, t, now));
    }
    derive(values);
    List<Fault> faults = scenario.faults().stream().filter(f -> f.activeAt(t)).toList();
    return new Evaluation(values, phase(t), faults);
  }

  private Value value(Point p, Duration t, Instant now) {
    List<Segment> segments = track(p);
    if (p.quantity().isBoolean()) {
      return Value.of(flag(p, segments, t));
    }
    if (p.quantity() == Quantity.WATER_VOLUME) {
      return Value.of(meter(p).volumeAt(t));
    }
    if (p.quantity() == Quantity.WATER_FLOW) {
      return Value.of(flowAt(volumeTrack(), t));
    }
    return Value.of(number(p, segments, t));
  }

  private List<Segment> track(Point p) {
    List<Segment> byName = scenario.tracks().get(p.name());
    return byName != null ? byName : scenario.tracks().get(p.quantity().id());
  }

  private List<Segment> volumeTrack() {
    return scenario.tracks().get(Quantity.WATER_VOLUME.id());
  }

  private static Segment latest(List<Segment> segments, Duration t) {
    Segment found = null;
    if (segments != null) {
      for (Segment s : segments) {
        if (s.at().compareTo(t) <= 0) {
          found = s;
        }
      }
    }
    return found;
  }

  private double number(Point p, List<Segment> segments, Duration t) {
    Segment s = latest(segments, t);
    double baseline = baselines.value(p.quantity(), deviceId, start.plus(t));
    if (s == null) {
      return baseline;
    }
    if (s.shape() instanceof Shape.Baseline b) {
      return baseline * b.factor();
    }
    if (s.shape() instanceof Shape.Constant c) {
      return c.value();
    }
    double hours = t.minus(s.at()).toNanos() / 3.6e12;
    if (s.shape() instanceof Shape.Ramp r) {
      double from = r.from() != null ? r.from() : number(p, segments, s.at().minusNanos(1));
      double fraction = Math.min(1, t.minus(s.at()).toNanos() / (double) r.over().toNanos());
      return from + (r.to() - from) * fraction;
    }
    if (s.shape() instanceof Shape.Rate r) {
      return number(p, segments, s.at().minusNanos(1)) + r.perHour() * hours;
    }
    return baseline;
  }

  private boolean flag(Point p, List<Segment> segments, Duration t) {
    Segment s = latest(segments, t);
    if (s == null || s.shape() instanceof Shape.Baseline) {
      return baselines.value(p.quantity(), deviceId, start.plus(t)) != 0;
    }
    if (s.shape() instanceof Shape.Flag f) {
      return f.value();
    }
    if (s.shape() instanceof Shape.Pulse pulse) {
      return t.minus(s.at()).compareTo(pulse.duration()) < 0;
    }
    return false;
  }

  /**
   * Applies the device's own logic to {@code values} in place: a gas detector's relay (gas_alarm)
   * follows its gas reading against the alarm limit, unless the scenario drives the relay itself.
   * Called again after a technician's overrides, so that setting the gas trips the relay.
   */
  public void derive(Map<String, Value> values) {
    for (Point p : profile.points()) {
      if (p.quantity() == Quantity.GAS_ALARM && track(p) == null) {
        values.put(p.name(), Value.of(gasOverLimit(values)));
      }
    }
  }

  private boolean gasOverLimit(Map<String, Value> values) {
    for (Point p : profile.points()) {
      AlarmLimit limit = limits.getOrDefault(p.name(), p.alarm());
      if (p.quantity() == Quantity.GAS
          && limit != null
          && limit.isTriggered(values.get(p.name()))) {
        return true;
      }
    }
    return false;
  }

  /** Flow in m³/h at scenario time {@code t}, from the water_volume track's usage. */
  private double flowAt(List<Segment> segments, Duration t) {
    Segment s = latest(segments, t);
    double hour = baselines.hourOfDay(start.plus(t));
    if (s == null || s.shape() instanceof Shape.Baseline) {
      return WaterUse.rate(hour, WaterUse.DEFAULT_PER_DAY, 0);
    }
    if (s.shape() instanceof Shape.Usage u) {
      return WaterUse.rate(hour, u.perDay(), u.constant());
    }
    return 0; // a constant reading means nothing flows
  }

  private Meter meter(Point p) {
    return meters.computeIfAbsent(p.name(), n -> new Meter(baselines.startVolume(deviceId)));
  }

  private String phase(Duration t) {
    String phase = "normal";
    Duration latestAt = Duration.ofNanos(-1);
    for (List<Segment> segments : scenario.tracks().values()) {
      for (Segment s : segments) {
        if (s.phase() != null && s.at().compareTo(t) <= 0 && s.at().compareTo(latestAt) > 0) {
          phase = s.phase();
          latestAt = s.at();
        }
      }
    }
    return phase;
  }

  /** A cumulative meter integrated in one-minute steps of scenario time. */
  private final class Meter {
    private final double startVolume;
    private double volume;
    private long stepsDone;

    Meter(double startVolume) {
      this.startVolume = startVolume;
      this.volume = startVolume;
    }

    double volumeAt(Duration t) {
      Segment s = latest(volumeTrack(), t);
      if (s != null && s.shape() instanceof Shape.Constant c) {
        return c.value(); // a replaced or reset meter shows a fixed reading
      }
      long steps = Math.max(0, t.toNanos() / METER_STEP.toNanos());
      if (steps < stepsDone) {
        volume = startVolume; // asked about the past: integrate again from the start
        stepsDone = 0;
      }
      while (stepsDone < steps) {
        Duration at = METER_STEP.multipliedBy(stepsDone);
        volume += flowAt(volumeTrack(), at) / 60.0;
        stepsDone++;
      }
      Duration since = t.minus(METER_STEP.multipliedBy(steps));
      double partial = flowAt(volumeTrack(), t) * since.toNanos() / 3.6e12;
      return Math.max(0, volume + Math.max(0, partial));
    }
  }
}
