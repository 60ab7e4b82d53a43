package org.citysense.cloud.registry;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The names of the administrative levels, top first; set by configuration. A unit's children are of
 * the next level.
 */
public record UnitLevels(List<String> names) {
  public static final UnitLevels DEFAULT =
      new UnitLevels(List.of("district", "street", "community", "grid"));

  public UnitLevels {
    names = List.copyOf(names);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("at least one unit level is needed");
    }
    if (new HashSet<>(names).size() != names.size()) {
      throw new IllegalArgumentException("unit levels repeat a name: " + names);
    }
  }

  public String top() {
    return names.get(0);
  }

  /** The level below {@code level}; empty for the lowest. */
  public Optional<String> below(String level) {
    int i = names.indexOf(level);
    return i < 0 || i == names.size() - 1 ? Optional.empty() : Optional.of(names.get(i + 1));
  }

  public boolean contains(String level) {
    return names.contains(level);
  }
}
