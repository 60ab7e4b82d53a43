package org.citysense.sim.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.citysense.sim.scenario.Behaviour;
import org.citysense.sim.scenario.Evaluation;
import org.citysense.sim.scenario.Fault;
import org.citysense.sim.scenario.FaultType;

/**
 * One simulated device: its scenario, the technician's overrides and faults, and the snapshot the
 * transports serve. {@link #refresh()} moves it to the clock's present; transports only read {@link
 * #snapshot()}, so they never see a half-updated device.
 */
public final class SimDevice {
  private final DeviceInstance instance;
  private final DeviceProfile profile;
  private final Behaviour behaviour;
  private final Clock clock;
  private final Map<String, Value> overrides = new ConcurrentHashMap<>();
  private final List<Fault> manualFaults = new CopyOnWriteArrayList<>();
  private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
  private final List<String> writes = new CopyOnWriteArrayList<>();
  private volatile Snapshot snapshot;

  public SimDevice(
      DeviceInstance instance, DeviceProfile profile, Behaviour behaviour, Clock clock) {
    this.instance = instance;
    this.profile = profile;
    this.behaviour = behaviour;
    this.clock = clock;
    this.snapshot = compute(clock.instant(), null);
  }

  public String id() {
    return instance.id();
  }

  public DeviceInstance instance() {
    return instance;
  }

  public DeviceProfile profile() {
    return profile;
  }

  public Behaviour behaviour() {
    return behaviour;
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  /** Moves the device to the clock's present and tells listeners when a value changed. */
  public Snapshot refresh() {
    Snapshot before = snapshot;
    Snapshot now = compute(clock.instant(), before);
    snapshot = now;
    if (!now.values().equals(before.values()) || !now.faults().equals(before.faults())) {
      listeners.forEach(l -> l.accept(now));
    }
    return now;
  }

  private Snapshot compute(Instant now, Snapshot before) {
    Evaluation e = behaviour.evaluate(now);
    Duration t = Duration.between(behaviour.start(), now);
    List<Fault> faults = new ArrayList<>(e.faults());
    manualFaults.stream().filter(f -> f.activeAt(t)).forEach(faults::add);
    Map<String, Value> values = new LinkedHashMap<>(e.values());
    values.putAll(overrides);
    behaviour.derive(values);
    values.putAll(overrides);
    if (before != null) {
      for (Fault f : faults) {
        if (f.type() == FaultType.STUCK) {
          // frozen: keep what was served before, for one point or all
          before
              .values()
              .forEach(
                  (point, v) -> {
                    if (f.point() == null || f.point().equals(point)) {
                      values.put(point, v);
                    }
                  });
        }
      }
    }
    return new Snapshot(now, values, e.phase(), faults);
  }

  /** Sets a point's value until {@link #clear(String)}, as a technician or a write does. */
  public void set(String point, Value value) {
    requirePoint(point);
    overrides.put(point, value);
    refresh();
  }

  public void clear(String point) {
    overrides.remove(point);
    refresh();
  }

  /** Records a write from a reader (e.g. the agent closing a valve) and applies it. */
  public void written(Point point, Value value) {
    writes.add(point.name() + "=" + value);
    set(point.name(), value);
  }

  /** The writes received so far, oldest first, as {@code point=value}. */
  public List<String> writes() {
    return List.copyOf(writes);
  }

  /** Injects a fault from now, for {@code duration} (null: until cleared). */
  public void inject(FaultType type, Duration duration, String point, int code, Duration delay) {
    Duration now = Duration.between(behaviour.start(), clock.instant());
    manualFaults.add(new Fault(type, now, duration, point, code, delay));
    refresh();
  }

  public void clearFaults() {
    manualFaults.clear();
    refresh();
  }

  /** Called with each new snapshot in which a value or fault changed. */
  public void onChange(Consumer<Snapshot> listener) {
    listeners.add(listener);
  }

  private void requirePoint(String point) {
    if (profile.point(point).isEmpty()) {
      throw new IllegalArgumentException(
          "device "
              + id()
              + " has no point "
              + point
              + "; it has "
              + String.join(", ", profile.pointNames()));
    }
  }
}
