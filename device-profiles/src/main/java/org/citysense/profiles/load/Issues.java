package org.citysense.profiles.load;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the errors and hints found while reading one file, so that all are reported at once. */
public final class Issues {
  private final String file;
  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> hints = new ArrayList<>();

  public Issues(String file) {
    this.file = file;
  }

  public String file() {
    return file;
  }

  public void error(Node at, String path, String message) {
    error(lineOf(at), path, message);
  }

  public void error(int line, String path, String message) {
    errors.add(new Problem(file, line, path, message));
  }

  public void hint(Node at, String path, String message) {
    hints.add(new Problem(file, lineOf(at), path, message));
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  public List<Problem> errors() {
    return List.copyOf(errors);
  }

  public List<Problem> hints() {
    return List.copyOf(hints);
  }

  /** Throws every error found so far, if any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new InvalidFileException(
          errors.stream().sorted(java.util.Comparator.comparingInt(Problem::line)).toList());
    }
  }

  public static int lineOf(Node node) {
    return node == null ? 1 : node.getStartMark().getLine() + 1;
  }
}
