package org.citysense.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code edge-agent device}: the devices of the agent's config. */
@Command(
    name = "device",
    mixinStandardHelpOptions = true,
    description = "Add, list, remove and test the devices of the agent's config.",
    subcommands = {
      DeviceAddCommand.class,
      DeviceListCommand.class,
      DeviceRemoveCommand.class,
      DeviceTestCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  edge-agent device add pm-1 --profile pm25-rs485 --modbus-tcp 10.0.0.5",
      "  edge-agent device list",
      "  edge-agent device remove pm-1",
      "  edge-agent device test gas-101 --config agent.yaml"
    })
final class DeviceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
