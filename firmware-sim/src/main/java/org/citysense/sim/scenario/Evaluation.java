package org.citysense.sim.scenario;

import java.util.List;
import java.util.Map;
import org.citysense.profiles.model.Value;

/**
 * What a device's scenario says at one moment.
 *
 * @param values by point name, canonical units
 * @param phase the latest named phase reached ("normal" before any)
 * @param faults the scenario's faults active now
 */
public record Evaluation(Map<String, Value> values, String phase, List<Fault> faults) {
  public Evaluation {
    values = Map.copyOf(values);
    faults = List.copyOf(faults);
  }
}
