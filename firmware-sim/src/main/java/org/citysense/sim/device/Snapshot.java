package org.citysense.sim.device;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citysense.profiles.model.Value;
import org.citysense.sim.scenario.Fault;
import org.citysense.sim.scenario.FaultType;

/**
 * What a simulated device serves at one moment: the values a correct reader decodes (canonical
 * units), the scenario phase, and the faults in force.
 */
public record Snapshot(Instant at, Map<String, Value> values, String phase, List<Fault> faults) {
  public Snapshot {
    values = Map.copyOf(values);
    faults = List.copyOf(faults);
  }

  public Optional<Fault> fault(FaultType type) {
    return faults.stream().filter(f -> f.type() == type).findFirst();
  }

  public boolean has(FaultType type) {
    return fault(type).isPresent();
  }

  /** Whether garbage is served for {@code point} now. */
  public boolean garbageFor(String point) {
    return faults.stream()
        .anyMatch(
            f -> f.type() == FaultType.GARBAGE && (f.point() == null || f.point().equals(point)));
  }
}
