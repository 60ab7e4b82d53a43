package org.citysense.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code edge-agent} command: the gateway daemon and the installer's tools. */
@Command(
    name = "edge-agent",
    mixinStandardHelpOptions = true,
    versionProvider = EdgeAgentCli.Version.class,
    description = "The citysense gateway agent and the installer's tools.",
    subcommands = {
      RunCommand.class,
      StatusCommand.class,
      ProvisionCommand.class,
      ProfilesCommand.class,
      DeviceCommand.class,
      ScanCommand.class,
      ProbeCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  edge-agent run --config /etc/citysense-agent/agent.yaml",
      "  edge-agent status",
      "  edge-agent provision --cloud https://cloud.example.org --code 7KQ2-MX9D-4TBH-R3NW",
      "  edge-agent device add pm-1 --profile pm25-rs485 --modbus-tcp 10.0.0.5",
      "  edge-agent device list",
      "  edge-agent profiles list",
      "  edge-agent profiles show gas-lel-modbus",
      "  edge-agent profiles validate my-sensor.yaml",
      "  edge-agent device test gas-101 --config agent.yaml",
      "  edge-agent scan modbus --serial /dev/ttyUSB0 --baud 9600 --parity E",
      "  edge-agent probe meter-101 flow --config agent.yaml",
      "  edge-agent help run"
    })
public final class EdgeAgentCli implements Runnable {
  /** A file or device was not valid; the problems were printed. */
  public static final int INVALID = ExitCodes.INVALID;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code edge-agent --version}: the project version the build was made from, as in the tarball's
   * name ({@code citysense-edge-agent-<version>.tar.gz}); a build from a checkout ends in {@code
   * -SNAPSHOT}.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      return new String[] {"edge-agent " + version()};
    }

    static String version() throws IOException {
      Properties p = new Properties();
      try (InputStream in = EdgeAgentCli.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          return "unknown (no version.properties beside " + EdgeAgentCli.class.getName() + ")";
        }
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    }
  }

  /** A command line wired with the error handling every subcommand shares. */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new EdgeAgentCli());
    cmd.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> ExitCodes.report(e, commandLine.getErr()));
    cmd.setExecutionStrategy(EdgeAgentCli::execute);
    cmd.getSubcommands()
        .get("help")
        .getCommandSpec()
        .usageMessage()
        .footer("", "Examples:", "  edge-agent help run", "  edge-agent help profiles validate");
    appendExitCodes(cmd);
    return cmd;
  }

  /**
   * Runs the command the line names: {@code run} with the log as configured, every other command
   * with the log quieted to errors ({@link QuietLog}), so that it prints only its own lines.
   */
  private static int execute(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    if (last.commandSpec().userObject() instanceof RunCommand) {
      return new CommandLine.RunLast().execute(parsed);
    }
    try (QuietLog quiet = QuietLog.start()) {
      return new CommandLine.RunLast().execute(parsed);
    }
  }

  /** Ends the help of {@code cmd} and of every command below it with the exit codes, once. */
  private static void appendExitCodes(CommandLine cmd) {
    CommandLine.Model.UsageMessageSpec usage = cmd.getCommandSpec().usageMessage();
    List<String> footer = new ArrayList<>(Arrays.asList(usage.footer()));
    if (!footer.contains(ExitCodes.HELP[1])) {
      footer.addAll(Arrays.asList(ExitCodes.HELP));
      usage.footer(footer.toArray(String[]::new));
    }
    cmd.getSubcommands().values().forEach(EdgeAgentCli::appendExitCodes);
  }
}
