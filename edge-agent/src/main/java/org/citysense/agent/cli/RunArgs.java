package org.citysense.agent.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The options of {@code edge-agent run}, read straight from the command line when it is one of the
 * plain forms an installer's unit file uses ({@code run --config FILE}, {@code --speed=60}…).
 *
 * <p>Why not only picocli: building picocli's model of every command loads some 180 picocli classes
 * that the class-data archive cannot hold (Java 5 class files) and a model of about 90 options,
 * about 2 MiB a gateway keeps for as long as the agent runs. Anything else (help, version, an
 * unknown or repeated option, a value that does not parse, a value starting with {@code -}) is left
 * to picocli, which says what is wrong exactly as for every other command. {@code RunArgsTest}
 * holds this parser to picocli's reading of {@link RunCommand}'s options.
 */
record RunArgs(Path config, Double speed, Instant clockStart, Instant clockAnchor) {
  /** The default of {@code --config}, as {@link RunCommand} declares it. */
  static final String DEFAULT_CONFIG = "agent.yaml";

  /** Every option name {@code run} takes besides help and version. */
  static final Set<String> NAMES =
      Set.of("-c", "--config", "--speed", "--clock-start", "--clock-anchor");

  /** The options, when {@code args} is {@code run} with plain options only; else empty. */
  static Optional<RunArgs> parse(String... args) {
    if (args.length == 0 || !args[0].equals("run")) {
      return Optional.empty();
    }
    Path config = Path.of(DEFAULT_CONFIG);
    Double speed = null;
    Instant clockStart = null;
    Instant clockAnchor = null;
    Set<String> seen = new HashSet<>();
    try {
      for (int i = 1; i < args.length; i++) {
        String name = args[i];
        String value;
        int eq = name.indexOf('=');
        if (name.startsWith("--") && eq > 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          return Optional.empty();
        }
        if (!NAMES.contains(name) || value.isEmpty() || value.startsWith("-")) {
          return Optional.empty();
        }
        String option = name.equals("-c") ? "--config" : name;
        if (!seen.add(option)) {
          return Optional.empty();
        }
        switch (option) {
          case "--config" -> config = Path.of(value);
          case "--speed" -> speed = Double.valueOf(value);
          case "--clock-start" -> clockStart = Instant.parse(value);
          default -> clockAnchor = Instant.parse(value);
        }
      }
    } catch (NumberFormatException
        | DateTimeParseException
        | java.nio.file.InvalidPathException e) {
      return Optional.empty();
    }
    return Optional.of(new RunArgs(config, speed, clockStart, clockAnchor));
  }
}
