package org.citysense.sim.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.Problem;

/** The scenarios a simulator knows: the bundled ones and any a site file adds. */
public final class ScenarioCatalog {
  private final Map<String, Scenario> scenarios;

  public ScenarioCatalog(Map<String, Scenario> scenarios) {
    this.scenarios = new LinkedHashMap<>(scenarios);
  }

  /** The scenarios that ship with the simulator. */
  public static ScenarioCatalog bundled() {
    ScenarioLoader loader = new ScenarioLoader();
    Map<String, Scenario> byName = new LinkedHashMap<>();
    for (String line : text("index.txt").lines().map(String::strip).toList()) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        Scenario s = loader.parse(line, text(line));
        byName.put(s.name(), s);
      }
    }
    return new ScenarioCatalog(byName);
  }

  /** This catalog with {@code more} added (a site's own scenarios win over bundled ones). */
  public ScenarioCatalog with(Map<String, Scenario> more) {
    Map<String, Scenario> all = new LinkedHashMap<>(scenarios);
    all.putAll(more);
    return new ScenarioCatalog(all);
  }

  public Optional<Scenario> find(String name) {
    return Optional.ofNullable(scenarios.get(name));
  }

  public List<Scenario> all() {
    return List.copyOf(scenarios.values());
  }

  public List<String> names() {
    return List.copyOf(scenarios.keySet());
  }

  /**
   * Composes scenarios written as {@code baseline,gas-leak,fault-slow}: each later one's tracks
   * replace an earlier one's for the same point, and faults add up.
   *
   * @param where names the option or field, for the error message
   */
  public Scenario compose(String names, String where) {
    Scenario result = Scenario.EMPTY;
    List<String> unknown = new ArrayList<>();
    for (String name : names.split("[,+]")) {
      Optional<Scenario> s = find(name.strip());
      if (s.isEmpty()) {
        unknown.add(name.strip());
      } else {
        result = result.then(s.get());
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidFileException(
          List.of(
              new Problem(
                  where,
                  1,
                  "",
                  "no scenario "
                      + String.join(", ", unknown)
                      + "; known: "
                      + String.join(", ", names()))));
    }
    return result;
  }

  private static String text(String name) {
    String resource = "/scenarios/" + name;
    try (InputStream in = ScenarioCatalog.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("bundled resource missing: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
