package org.citysense.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.YamlFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge-agent device}: the devices of this gateway's config. */
@Command(
    name = "device",
    mixinStandardHelpOptions = true,
    description = "Add, list and remove the devices of the config.",
    subcommands = {DeviceAddCommand.class, DeviceListCommand.class, DeviceRemoveCommand.class},
    footer = {
      "",
      "Examples:",
      "  edge-agent device add pm-1 --profile pm25-rs485 --modbus-tcp 10.0.0.5",
      "  edge-agent device list",
      "  edge-agent device remove pm-1"
    })
final class DeviceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      defaultValue = "agent.yaml",
      paramLabel = "FILE",
      description = "The agent's config file (default ${DEFAULT-VALUE}).",
      scope = CommandLine.ScopeType.INHERIT)
  Path config;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
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
    org.citysense.agent.provision.AtomicFiles.write(config.toAbsolutePath(), text);
  }
}
