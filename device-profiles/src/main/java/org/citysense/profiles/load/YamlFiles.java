package org.citysense.profiles.load;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/** Reads a YAML file into a node tree that keeps line numbers; syntax errors become problems. */
public final class YamlFiles {
  private YamlFiles() {}

  /** The root mapping of {@code text}, or empty with the problem recorded in {@code issues}. */
  public static Optional<YamlMap> root(Issues issues, Reader text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // YamlMap reports duplicates with both lines
    options.setMaxAliasesForCollections(20);
    Node node;
    try {
      // what Yaml.compose does, without a Yaml: that would also build the object constructor and
      // the representer for writing YAML, some 65 classes a gateway would keep loaded for nothing
      node =
          new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options)
              .getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 1 : mark.getLine() + 1;
      issues.error(line, "", "not valid YAML: " + e.getProblem());
      return Optional.empty();
    } catch (YAMLException e) {
      issues.error(1, "", "not valid YAML: " + e.getMessage());
      return Optional.empty();
    }
    if (node == null) {
      issues.error(1, "", "the file is empty");
      return Optional.empty();
    }
    return YamlMap.of(issues, "", node);
  }

  public static Optional<YamlMap> root(Issues issues, String text) {
    return root(issues, new StringReader(text));
  }

  /**
   * Reads a whole file as UTF-8; a missing or unreadable file is an {@link InvalidFileException}.
   */
  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw unreadable(file, "no such file");
    } catch (IOException e) {
      throw unreadable(file, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static InvalidFileException unreadable(Path file, String why) {
    return new InvalidFileException(
        List.of(new Problem(file.toString(), 1, "", "cannot read the file (" + why + ")")));
  }
}
