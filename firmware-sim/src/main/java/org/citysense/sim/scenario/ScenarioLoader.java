package org.citysense.sim.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citysense.profiles.load.Issues;
import org.citysense.profiles.load.YamlFiles;
import org.citysense.profiles.load.YamlMap;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads scenarios from YAML, with the same line-precise errors as profiles:
 *
 * <pre>
 * description: A gas leak in a kitchen.
 * tracks:
 *   gas:                                   # a point name or a quantity id
 *     - {at: 2m, ramp: {to: 35, over: 10m}, phase: leak}
 * faults:
 *   - {type: no-response, at: 5m, for: 2m}
 * </pre>
 */
public final class ScenarioLoader {
  private static final List<String> SHAPES =
      List.of("baseline", "value", "ramp", "rate", "usage", "pulse");

  /** Parses one scenario file; its name is the file name without {@code .yaml}. */
  public Scenario parse(String fileName, String text) {
    Issues issues = new Issues(fileName);
    String name = fileName.replaceFirst("\\.ya?ml$", "");
    Scenario scenario = YamlFiles.root(issues, text).map(doc -> read(name, doc)).orElse(null);
    issues.throwIfAny();
    return scenario;
  }

  /** Reads a scenario from a mapping, e.g. one inline in a site file. */
  public Scenario read(String name, YamlMap doc) {
    doc.allowOnly(List.of("description", "tracks", "faults"));
    String description = doc.string("description", false).orElse("");
    Map<String, List<Segment>> tracks = new LinkedHashMap<>();
    doc.map("tracks", false)
        .ifPresent(
            t -> {
              for (String key : t.keys()) {
                List<Segment> segments = new ArrayList<>();
                for (YamlMap.Item item : t.list(key, true)) {
                  item.asMap(doc.issues()).flatMap(this::segment).ifPresent(segments::add);
                }
                tracks.put(key, segments);
              }
            });
    List<Fault> faults = new ArrayList<>();
    for (YamlMap.Item item : doc.list("faults", false)) {
      item.asMap(doc.issues()).flatMap(ScenarioLoader::fault).ifPresent(faults::add);
    }
    return new Scenario(name, description, tracks, faults);
  }

  private Optional<Segment> segment(YamlMap s) {
    List<String> allowed = new ArrayList<>(List.of("at", "phase"));
    allowed.addAll(SHAPES);
    s.allowOnly(allowed);
    Duration at = s.has("at") ? s.duration("at", false, true).orElse(Duration.ZERO) : Duration.ZERO;
    String phase = s.string("phase", false).orElse(null);
    List<String> given = SHAPES.stream().filter(s::has).toList();
    if (given.size() != 1) {
      s.issues()
          .error(
              s.line(),
              s.path(),
              given.isEmpty()
                  ? "give one of " + String.join(", ", SHAPES)
                  : "give one shape, not " + String.join(" and ", given));
      return Optional.empty();
    }
    return shape(s, given.get(0)).map(shape -> new Segment(at, shape, phase));
  }

  private static Optional<Shape> shape(YamlMap s, String kind) {
    switch (kind) {
      case "baseline":
        return s.number("baseline", true).map(Shape.Baseline::new);
      case "value":
        if (s.node("value") instanceof ScalarNode v
            && (v.getValue().equals("true") || v.getValue().equals("false"))) {
          return Optional.of(new Shape.Flag(Boolean.parseBoolean(v.getValue())));
        }
        return s.number("value", true).map(Shape.Constant::new);
      case "ramp":
        return s.map("ramp", true)
            .flatMap(
                r -> {
                  r.allowOnly(List.of("from", "to", "over"));
                  Double from = r.number("from", false).orElse(null);
                  Optional<Double> to = r.number("to", true);
                  Optional<Duration> over = r.duration("over", true);
                  return to.flatMap(v -> over.map(o -> new Shape.Ramp(from, v, o)));
                });
      case "rate":
        return s.map("rate", true)
            .flatMap(
                r -> {
                  r.allowOnly(List.of("perHour"));
                  return r.number("perHour", true).map(Shape.Rate::new);
                });
      case "usage":
        return s.map("usage", true)
            .map(
                u -> {
                  u.allowOnly(List.of("perDay", "constant"));
                  return new Shape.Usage(
                      u.number("perDay", false).orElse(WaterUse.DEFAULT_PER_DAY),
                      u.number("constant", false).orElse(0.0));
                });
      default:
        return s.map("pulse", true)
            .flatMap(
                p -> {
                  p.allowOnly(List.of("for"));
                  return p.duration("for", true).map(Shape.Pulse::new);
                });
    }
  }

  private static Optional<Fault> fault(YamlMap f) {
    f.allowOnly(List.of("type", "at", "for", "point", "code", "delay"));
    Optional<FaultType> type =
        f.choice(
            "type",
            true,
            FaultType::byId,
            Arrays.stream(FaultType.values()).map(FaultType::id).toList());
    Duration at = f.has("at") ? f.duration("at", false, true).orElse(Duration.ZERO) : Duration.ZERO;
    Duration duration = f.duration("for", false).orElse(null);
    String point = f.string("point", false).orElse(null);
    int code = f.integer("code", false, 1, 255).orElse(6L).intValue();
    Duration delay = f.duration("delay", false).orElse(Duration.ofSeconds(3));
    return type.map(t -> new Fault(t, at, duration, point, code, delay));
  }
}
