package org.citysense.sim.cli;

import java.io.PrintWriter;
import org.citysense.profiles.load.InvalidFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code firmware-sim} command: devices on the bench without the devices. */
@Command(
    name = "firmware-sim",
    mixinStandardHelpOptions = true,
    version = "firmware-sim 0.1.0",
    description = "Simulates citysense devices on Modbus TCP/RTU, serial lines, MQTT and CoAP.",
    subcommands = {
      RunCommand.class,
      SiteCommand.class,
      ScenariosCommand.class,
      ProfilesCommand.class,
      CtlCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 a file, option value or port is not usable, 2 wrong usage.",
      "",
      "Examples:",
      "  firmware-sim run --profile gas-lel-modbus --device-id gas-101 \\",
      "      --scenario gas-leak \\",
      "      --modbus-tcp 5020 --unit 7",
      "  firmware-sim site firmware-sim/examples/community.yaml --speed 60",
      "  firmware-sim ctl fault gas-101 no-response --for 2m"
    })
public final class FirmwareSimCli implements Runnable {
  static final int INVALID = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new FirmwareSimCli());
    cmd.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof InvalidFileException invalid) {
            invalid.problems().forEach(err::println);
          } else {
            err.println(
                "firmware-sim: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          }
          err.flush();
          return INVALID;
        });
    return cmd;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
