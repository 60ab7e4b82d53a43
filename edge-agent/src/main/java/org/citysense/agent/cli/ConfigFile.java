package org.citysense.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.agent.provision.AtomicFiles;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.YamlFiles;

/** The agent's config file as {@code device add} and {@code device remove} read and edit it. */
final class ConfigFile {
  final Path config;

  ConfigFile(Path config) {
    this.config = config;
  }

  /** The config as it is on disk, checked as {@code edge-agent run} would check it. */
  record Current(String text, AgentConfigLoader.Loaded loaded) {}

  /**
   * Reads and checks the config; prints its problems and returns null when it is not valid (the
   * caller exits with 1 and changes nothing).
   */
  Current current(PrintWriter err) {
    try {
      String text = YamlFiles.read(config);
      return new Current(text, new AgentConfigLoader().load(config));
    } catch (InvalidFileException e) {
      e.problems().forEach(err::println);
      err.println("edge-agent: fix " + config + " first; nothing was changed");
      return null;
    }
  }

  /**
   * Checks {@code text} as the config would read once written; prints the problems (by field, as
   * the lines are not in the file yet) after {@code what} and returns null when it is not valid.
   */
  AgentConfigLoader.Loaded check(String text, PrintWriter err, String what) {
    try {
      return new AgentConfigLoader()
          .parse(config.toString(), text, config.toAbsolutePath().getParent());
    } catch (InvalidFileException e) {
      err.println("edge-agent: " + what + "; nothing was changed:");
      e.problems().forEach(p -> err.println("  " + p.path() + ": " + p.message()));
      return null;
    }
  }

  void write(String text) throws IOException {
    if (!Files.isWritable(config)) {
      throw new IOException("cannot write " + config);
    }
    AtomicFiles.write(config.toAbsolutePath(), text);
  }
}
