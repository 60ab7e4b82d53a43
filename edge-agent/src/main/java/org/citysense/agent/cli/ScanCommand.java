package org.citysense.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code edge-agent scan}: finds devices on a bus. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = "Find the devices on a bus.",
    subcommands = {ScanModbusCommand.class},
    footer = {
      "",
      "Examples:",
      "  edge-agent scan modbus --serial /dev/ttyUSB0 --baud 9600 --parity E",
      "  edge-agent scan modbus --host 192.0.2.10 --units 1-10"
    })
final class ScanCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
