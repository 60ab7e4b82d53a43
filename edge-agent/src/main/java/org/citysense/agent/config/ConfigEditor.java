package org.citysense.agent.config;

import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Edits a YAML config as text, guided by the positions SnakeYAML gives each node, so that
 * everything not edited — comments, blank lines, key order, flow or block style — stays as the
 * installer wrote it. Each edit parses the current text afresh; edits can be chained.
 *
 * <p>Paths are keys from the root mapping, e.g. {@code List.of("gateway", "id")}. Values are
 * written as plain scalars when that reads back as the same string, else double-quoted.
 */
public final class ConfigEditor {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_/.~][A-Za-z0-9_./:@+=~-]*");
  private static final Set<String> RESERVED =
      Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n", "~");

  private String text;

  public ConfigEditor(String text) {
    this.text = text;
    root(); // fails early on text that is not YAML
  }

  /** The text with every edit so far. */
  public String text() {
    return text;
  }

  /**
   * Sets the scalar at {@code path} to {@code value}, creating missing keys (in the style of the
   * mapping they go into).
   *
   * @throws IllegalStateException when a node on the path is not a mapping, or the target is one
   */
  public ConfigEditor set(List<String> path, String value) {
    MappingNode map = root();
    for (int i = 0; i < path.size(); i++) {
      String key = path.get(i);
      Optional<NodeTuple> entry = entry(map, key);
      if (entry.isEmpty()) {
        insertKey(map, key, nested(path.subList(i + 1, path.size()), value));
        return this;
      }
      Node node = entry.get().getValueNode();
      if (i == path.size() - 1) {
        if (!(node instanceof ScalarNode)) {
          throw new IllegalStateException(String.join(".", path) + " is not a single value");
        }
        replaceScalar(node, new Value(scalar(value), null));
        return this;
      }
      if (isNull(node)) {
        replaceScalar(node, nested(path.subList(i + 1, path.size()), value));
        return this;
      }
      if (!(node instanceof MappingNode m)) {
        throw new IllegalStateException(String.join(".", path.subList(0, i + 1)) + " is not a map");
      }
      map = m;
    }
    throw new IllegalArgumentException("an empty path");
  }

  /**
   * Appends {@code item} (one line of YAML, flow style, e.g. {@code {id: a, profile: b}}) to the
   * sequence under {@code key} of the root mapping, creating the key when missing. {@code key: []}
   * and an empty {@code key:} become a block sequence.
   */
  public ConfigEditor append(String key, String item) {
    MappingNode root = root();
    Optional<NodeTuple> entry = entry(root, key);
    if (entry.isEmpty()) {
      insertKey(root, key, new Value(null, "\n" + indentOf(root) + "  - " + item));
      return this;
    }
    Node keyNode = entry.get().getKeyNode();
    Node node = entry.get().getValueNode();
    String dashIndent = indentOf(root) + "  ";
    if (isNull(node) || (node instanceof SequenceNode s && s.getValue().isEmpty())) {
      // "key:" or "key: []" (with an optional comment after it): the list starts on the next line
      int from = offset(keyNode.getEndMark());
      int colon = text.indexOf(':', from);
      int start = colon + 1;
      int end = offset(node.getEndMark());
      text = text.substring(0, start) + text.substring(end);
      text = insertAtLineEnd(start, "\n" + dashIndent + "- " + item);
      root();
      return this;
    }
    if (!(node instanceof SequenceNode seq)) {
      throw new IllegalStateException(key + " is not a list");
    }
    List<Node> items = seq.getValue();
    Node last = items.get(items.size() - 1);
    if (seq.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
      boolean ownLine = startsLine(offset(last.getStartMark()));
      String sep = ownLine ? ",\n" + " ".repeat(last.getStartMark().getColumn()) : ", ";
      insert(offset(last.getEndMark()), sep + item);
    } else {
      String dashes = " ".repeat(dashColumn(last));
      text = insertAtLineEnd(contentEnd(last), "\n" + dashes + "- " + item);
    }
    root();
    return this;
  }

  /** The index of the item of the list under {@code key} whose {@code id} is {@code id}, or -1. */
  public int indexOf(String key, String id) {
    Optional<NodeTuple> entry = entry(root(), key);
    if (entry.isEmpty() || !(entry.get().getValueNode() instanceof SequenceNode seq)) {
      return -1;
    }
    List<Node> items = seq.getValue();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof MappingNode m
          && entry(m, "id")
              .map(NodeTuple::getValueNode)
              .filter(v -> v instanceof ScalarNode s && s.getValue().equals(id))
              .isPresent()) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Removes item {@code index} of the list under {@code key}; in a block list its whole lines (a
   * comment on them included), in a flow list the item and its comma.
   */
  public ConfigEditor remove(String key, int index) {
    NodeTuple entry = entry(root(), key).orElseThrow(() -> new IllegalStateException("no " + key));
    Node node = entry.getValueNode();
    if (!(node instanceof SequenceNode seq) || index < 0 || index >= seq.getValue().size()) {
      throw new IllegalStateException(key + " has no item " + index);
    }
    List<Node> items = seq.getValue();
    Node item = items.get(index);
    if (seq.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
      int start = offset(item.getStartMark());
      int end = offset(item.getEndMark());
      if (index < items.size() - 1) {
        end = offset(items.get(index + 1).getStartMark());
      } else if (index > 0) {
        start = offset(items.get(index - 1).getEndMark());
      }
      text = text.substring(0, start) + text.substring(end);
    } else if (items.size() == 1) {
      // the last item of a block list: what is left is an empty flow list
      int start = lineStart(dashOffset(item));
      int end = lineEndInclusive(contentEnd(item));
      int colon = text.indexOf(':', offset(entry.getKeyNode().getEndMark()));
      text =
          text.substring(0, colon + 1)
              + " []"
              + text.substring(colon + 1, start)
              + text.substring(end);
    } else {
      int start = lineStart(dashOffset(item));
      int end = lineEndInclusive(contentEnd(item));
      text = text.substring(0, start) + text.substring(end);
    }
    root();
    return this;
  }

  /** {@code value} as YAML: plain when it reads back as the same string, else double-quoted. */
  public static String scalar(String value) {
    if (PLAIN.matcher(value).matches()
        && !RESERVED.contains(value.toLowerCase(Locale.ROOT))
        && !value.endsWith(":")) {
      return value;
    }
    StringBuilder b = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** A value to insert: a scalar or a one-line flow map, or block text starting with a newline. */
  private record Value(String inline, String block) {}

  /** {@code value} under the keys {@code rest}: the scalar itself, or nested one-line flow maps. */
  private static Value nested(List<String> rest, String value) {
    String v = scalar(value);
    for (int i = rest.size() - 1; i >= 0; i--) {
      v = "{" + scalar(rest.get(i)) + ": " + v + "}";
    }
    return new Value(v, null);
  }

  private void replaceScalar(Node node, Value value) {
    int start = offset(node.getStartMark());
    int end = offset(node.getEndMark());
    String with = value.inline() != null ? value.inline() : value.block();
    if (start == end && value.inline() != null) {
      with = " " + with; // an empty value right after its colon
    }
    text = text.substring(0, start) + with + text.substring(end);
    root();
  }

  private void insertKey(MappingNode map, String key, Value value) {
    String k = scalar(key);
    if (map.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
      String inline = value.inline() != null ? value.inline() : "[" + value.block().strip() + "]";
      int close = offset(map.getEndMark()) - 1; // the closing brace
      insert(close, (map.getValue().isEmpty() ? "" : ", ") + k + ": " + inline);
    } else {
      String line = indentOf(map) + k + ":" + (value.inline() != null ? " " + value.inline() : "");
      String after = value.inline() != null ? "" : value.block();
      NodeTuple last = map.getValue().get(map.getValue().size() - 1);
      text = insertAtLineEnd(contentEnd(last.getValueNode()), "\n" + line + after);
    }
    root();
  }

  private static String indentOf(MappingNode map) {
    return map.getValue().isEmpty()
        ? ""
        : " ".repeat(map.getValue().get(0).getKeyNode().getStartMark().getColumn());
  }

  /** Where a node's own text ends: for block collections, where their last item's text ends. */
  private int contentEnd(Node node) {
    if (node instanceof MappingNode m
        && m.getFlowStyle() != DumperOptions.FlowStyle.FLOW
        && !m.getValue().isEmpty()) {
      return contentEnd(m.getValue().get(m.getValue().size() - 1).getValueNode());
    }
    if (node instanceof SequenceNode s
        && s.getFlowStyle() != DumperOptions.FlowStyle.FLOW
        && !s.getValue().isEmpty()) {
      return contentEnd(s.getValue().get(s.getValue().size() - 1));
    }
    return offset(node.getEndMark());
  }

  /** The offset of the dash that opens a block list's item. */
  private int dashOffset(Node item) {
    int i = offset(item.getStartMark()) - 1;
    while (i >= 0 && text.charAt(i) != '-') {
      i--;
    }
    return Math.max(i, 0);
  }

  private int dashColumn(Node item) {
    int dash = dashOffset(item);
    return dash - lineStart(dash);
  }

  private String insertAtLineEnd(int from, String insertion) {
    int eol = text.indexOf('\n', from);
    int at = eol < 0 ? text.length() : eol;
    return text.substring(0, at) + insertion + text.substring(at);
  }

  private void insert(int at, String insertion) {
    text = text.substring(0, at) + insertion + text.substring(at);
  }

  private int lineStart(int offset) {
    return text.lastIndexOf('\n', offset - 1) + 1;
  }

  private int lineEndInclusive(int offset) {
    int eol = text.indexOf('\n', offset);
    return eol < 0 ? text.length() : eol + 1;
  }

  private boolean startsLine(int offset) {
    return text.substring(lineStart(offset), offset).isBlank();
  }

  /** A mark's offset in {@link #text}: SnakeYAML counts code points, Java strings UTF-16 units. */
  private int offset(Mark mark) {
    return text.offsetByCodePoints(0, mark.getIndex());
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getStartMark().getIndex() == s.getEndMark().getIndex();
  }

  private static Optional<NodeTuple> entry(MappingNode map, String key) {
    return map.getValue().stream()
        .filter(t -> t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key))
        .findFirst();
  }

  private MappingNode root() {
    Node node;
    try {
      node = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (YAMLException e) {
      throw new IllegalStateException("not valid YAML: " + e.getMessage(), e);
    }
    if (!(node instanceof MappingNode map)) {
      throw new IllegalStateException("the file is not a YAML map");
    }
    return map;
  }
}
