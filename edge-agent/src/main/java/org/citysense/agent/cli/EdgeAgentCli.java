package org.citysense.agent.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.citysense.profiles.load.InvalidFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code edge-agent} command: the gateway daemon and the installer's tools. */
@Command(
    name = "edge-agent",
    mixinStandardHelpOptions = true,
    version = "edge-agent 0.1.0",
    description = "The citysense gateway agent and the installer's tools.",
    subcommands = {
      RunCommand.class,
      ProvisionCommand.class,
      DeviceCommand.class,
      ProfilesCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 a file, device or value is not valid, 2 wrong usage,",
      "  3 cloud unreachable, 4 refused by the cloud, 5 device or bus fault, 70 unexpected.",
      "",
      "Examples:",
      "  edge-agent run --config /etc/citysense-agent/agent.yaml",
      "  edge-agent provision --cloud https://cloud.example.org --code 7KQ2M-X9D4T",
      "  edge-agent device add pm-1 --profile pm25-rs485 --modbus-tcp 10.0.0.5",
      "  edge-agent profiles list",
      "  edge-agent profiles show gas-lel-modbus",
      "  edge-agent profiles validate my-sensor.yaml"
    })
public final class EdgeAgentCli implements Runnable {
  /** A file or device was not valid; the problems were printed. */
  public static final int INVALID = ExitCodes.INVALID;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A command line wired with the error handling every subcommand shares. */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new EdgeAgentCli());
    cmd.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof InvalidFileException invalid) {
            invalid.problems().forEach(p -> err.println(p));
            return INVALID;
          }
          err.println("edge-agent: " + e.getMessage());
          return ExitCodes.SOFTWARE;
        });
    withExitCodes(cmd);
    return cmd;
  }

  /** Ends every command's help with {@link ExitCodes#HELP}, unless it says them itself. */
  private static void withExitCodes(CommandLine cmd) {
    CommandLine.Model.UsageMessageSpec usage = cmd.getCommandSpec().usageMessage();
    if (!String.join("\n", usage.footer()).contains("Exit codes")) {
      List<String> footer = new ArrayList<>(List.of(usage.footer()));
      footer.addAll(List.of(ExitCodes.HELP));
      usage.footer(footer.toArray(String[]::new));
    }
    cmd.getSubcommands().values().forEach(EdgeAgentCli::withExitCodes);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
