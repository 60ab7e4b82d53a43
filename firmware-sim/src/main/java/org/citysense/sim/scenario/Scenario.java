package org.citysense.sim.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a simulated device does over time: tracks of segments keyed by point name or quantity id,
 * and faults. Scenarios compose: {@link #then(Scenario)} lets a later one's tracks replace an
 * earlier one's for the same key and adds its faults.
 */
public record Scenario(
    String name, String description, Map<String, List<Segment>> tracks, List<Fault> faults) {

  public Scenario {
    tracks = Map.copyOf(tracks);
    faults = List.copyOf(faults);
  }

  /** Nothing but baselines; the start of every composition. */
  public static final Scenario EMPTY = new Scenario("", "", Map.of(), List.of());

  public Scenario then(Scenario next) {
    Map<String, List<Segment>> merged = new LinkedHashMap<>(tracks);
    merged.putAll(next.tracks);
    List<Fault> allFaults = new ArrayList<>(faults);
    allFaults.addAll(next.faults);
    String joined = name.isEmpty() ? next.name : name + "+" + next.name;
    String text = description.isEmpty() ? next.description : description;
    return new Scenario(joined, text, merged, allFaults);
  }
}
