package org.citysense.profiles.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read field by field. Every getter checks what it reads and, when it is wrong,
 * records a problem with the line and the field path instead of throwing, so that one pass finds
 * every problem in a file.
 */
public final class YamlMap {
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private final Issues issues;
  private final String path;
  private final MappingNode node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  private YamlMap(Issues issues, String path, MappingNode node) {
    this.issues = issues;
    this.path = path;
    this.node = node;
    for (NodeTuple tuple : node.getValue()) {
      String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
      if (key == null) {
        issues.error(tuple.getKeyNode(), path, "field names must be plain text");
      } else if (entries.containsKey(key)) {
        issues.error(
            tuple.getKeyNode(),
            child(key),
            "appears twice (first on line " + Issues.lineOf(entries.get(key).getKeyNode()) + ")");
      } else {
        entries.put(key, tuple);
      }
    }
  }

  /** Reads {@code node} as a mapping, or records that it is not one. */
  public static Optional<YamlMap> of(Issues issues, String path, Node node) {
    if (node instanceof MappingNode mapping) {
      return Optional.of(new YamlMap(issues, path, mapping));
    }
    issues.error(node, path, "expected a mapping of fields, found " + describe(node));
    return Optional.empty();
  }

  public Issues issues() {
    return issues;
  }

  public String path() {
    return path;
  }

  public int line() {
    return Issues.lineOf(node);
  }

  /** The path of a field of this mapping, e.g. {@code points[2].wordOrder}. */
  public String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public boolean has(String key) {
    return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
  }

  public Collection<String> keys() {
    return entries.keySet();
  }

  /** The value node of a field, for errors found after reading. */
  public Node node(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null ? node : tuple.getValueNode();
  }

  public void error(String key, String message) {
    issues.error(node(key), child(key), message);
  }

  public void hint(String key, String message) {
    issues.hint(node(key), child(key), message);
  }

  /** Records every field not in {@code allowed}, with a suggestion when one is close. */
  public void allowOnly(Collection<String> allowed) {
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      String key = entry.getKey();
      if (!allowed.contains(key)) {
        String suggestion = Suggest.didYouMean(key, allowed);
        issues.error(
            entry.getValue().getKeyNode(),
            child(key),
            "unknown field"
                + (suggestion.isEmpty()
                    ? "; allowed here: " + String.join(", ", allowed)
                    : suggestion));
      }
    }
  }

  private Optional<ScalarNode> scalar(String key, boolean required, String expected) {
    if (!has(key)) {
      if (required) {
        issues.error(node, child(key), "is missing");
      }
      return Optional.empty();
    }
    Node value = entries.get(key).getValueNode();
    if (value instanceof ScalarNode s) {
      return Optional.of(s);
    }
    issues.error(value, child(key), "expected " + expected + ", found " + describe(value));
    return Optional.empty();
  }

  public Optional<String> string(String key, boolean required) {
    return scalar(key, required, "text").map(ScalarNode::getValue);
  }

  /** A string matching {@code pattern}; {@code rule} says in words what is allowed. */
  public Optional<String> string(String key, boolean required, Pattern pattern, String rule) {
    Optional<String> text = string(key, required);
    if (text.isPresent() && !pattern.matcher(text.get()).matches()) {
      error(key, "\"" + text.get() + "\" is not allowed: " + rule);
      return Optional.empty();
    }
    return text;
  }

  /** A whole number, decimal or {@code 0x} hex, within {@code min..max}. */
  public Optional<Long> integer(String key, boolean required, long min, long max) {
    Optional<ScalarNode> scalar = scalar(key, required, "a whole number");
    if (scalar.isEmpty()) {
      return Optional.empty();
    }
    Optional<Long> value = parseInteger(scalar.get().getValue());
    if (value.isEmpty()) {
      error(key, "\"" + scalar.get().getValue() + "\" is not a whole number");
    } else if (value.get() < min || value.get() > max) {
      error(key, value.get() + " is out of range " + min + ".." + max);
      return Optional.empty();
    }
    return value;
  }

  /** Whether the field's scalar was written in hexadecimal, e.g. {@code 0x9C41}. */
  public boolean isHex(String key) {
    return has(key)
        && node(key) instanceof ScalarNode s
        && s.getValue().toLowerCase().startsWith("0x");
  }

  public Optional<Double> number(String key, boolean required) {
    Optional<ScalarNode> scalar = scalar(key, required, "a number");
    if (scalar.isEmpty()) {
      return Optional.empty();
    }
    String text = scalar.get().getValue();
    Optional<Long> whole = parseInteger(text);
    if (whole.isPresent()) {
      return Optional.of(whole.get().doubleValue());
    }
    try {
      double value = Double.parseDouble(text);
      if (Double.isFinite(value)) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    error(key, "\"" + text + "\" is not a number");
    return Optional.empty();
  }

  public Optional<Boolean> bool(String key, boolean required) {
    Optional<ScalarNode> scalar = scalar(key, required, "true or false");
    if (scalar.isEmpty()) {
      return Optional.empty();
    }
    return switch (scalar.get().getValue()) {
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default -> {
        error(key, "\"" + scalar.get().getValue() + "\" is not true or false");
        yield Optional.empty();
      }
    };
  }

  /** One of a closed set of words, looked up by {@code lookup}; {@code allowed} lists them. */
  public <E> Optional<E> choice(
      String key, boolean required, Function<String, Optional<E>> lookup, List<String> allowed) {
    Optional<String> text = string(key, required);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<E> value = lookup.apply(text.get());
    if (value.isEmpty()) {
      error(
          key,
          "\""
              + text.get()
              + "\" is not one of "
              + String.join(", ", allowed)
              + (allowed.size() > 6 ? Suggest.didYouMean(text.get(), allowed) : ""));
    }
    return value;
  }

  /**
   * A duration such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or {@code 3m30s}; a bare
   * number is seconds.
   */
  public Optional<Duration> duration(String key, boolean required) {
    return duration(key, required, false);
  }

  /** A duration as {@link #duration(String, boolean)}; {@code allowZero} admits {@code 0s}. */
  public Optional<Duration> duration(String key, boolean required, boolean allowZero) {
    Optional<String> text = string(key, required);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> parsed = parseDuration(text.get());
    if (parsed.isEmpty()) {
      error(key, "\"" + text.get() + "\" is not a duration (e.g. 500ms, 10s, 5m, 1h, 3m30s)");
    } else if (!allowZero && parsed.get().toMillis() < 1) {
      error(key, "\"" + text.get() + "\" must be at least 1ms");
      return Optional.empty();
    }
    return parsed;
  }

  /** Parses {@code 500ms}, {@code 10s}, {@code 1h30m}, or a bare number of seconds. */
  public static Optional<Duration> parseDuration(String text) {
    String t = text.strip();
    if (t.matches("\\d+(\\.\\d+)?")) {
      return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000)));
    }
    Matcher m = DURATION_PART.matcher(t);
    double millis = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double amount = Double.parseDouble(m.group(1));
      millis +=
          switch (m.group(2)) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 1000;
          };
      end = m.end();
    }
    if (end == 0 || end != t.length()) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(Math.round(millis)));
  }

  public Optional<YamlMap> map(String key, boolean required) {
    if (!has(key)) {
      if (required) {
        issues.error(node, child(key), "is missing");
      }
      return Optional.empty();
    }
    return of(issues, child(key), entries.get(key).getValueNode());
  }

  /** The items of a list field, each with its path ({@code points[2]}). */
  public List<Item> list(String key, boolean required) {
    if (!has(key)) {
      if (required) {
        issues.error(node, child(key), "is missing");
      }
      return List.of();
    }
    Node value = entries.get(key).getValueNode();
    if (!(value instanceof SequenceNode sequence)) {
      issues.error(value, child(key), "expected a list, found " + describe(value));
      return List.of();
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < sequence.getValue().size(); i++) {
      items.add(new Item(child(key) + "[" + i + "]", sequence.getValue().get(i)));
    }
    return items;
  }

  /** A list of whole numbers, each within {@code min..max}, such as a frame header. */
  public Optional<List<Long>> integers(String key, boolean required, long min, long max) {
    List<Item> items = list(key, required);
    List<Long> values = new ArrayList<>();
    boolean ok = has(key) && node(key) instanceof SequenceNode;
    for (Item item : items) {
      Optional<Long> value =
          item.node() instanceof ScalarNode s ? parseInteger(s.getValue()) : Optional.empty();
      if (value.isEmpty() || value.get() < min || value.get() > max) {
        issues.error(item.node(), item.path(), "expected a whole number in " + min + ".." + max);
        ok = false;
      } else {
        values.add(value.get());
      }
    }
    return ok ? Optional.of(values) : Optional.empty();
  }

  /** One item of a list: its path and node. */
  public record Item(String path, Node node) {
    public Optional<YamlMap> asMap(Issues issues) {
      return YamlMap.of(issues, path, node);
    }
  }

  static Optional<Long> parseInteger(String text) {
    try {
      String t = text.trim().replace("_", "");
      if (t.startsWith("0x") || t.startsWith("0X")) {
        return Optional.of(Long.parseLong(t.substring(2), 16));
      }
      return Optional.of(Long.parseLong(t));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (node instanceof ScalarNode s) {
      return isNull(s) ? "nothing" : "\"" + s.getValue() + "\"";
    }
    return "something else";
  }
}
