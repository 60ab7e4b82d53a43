package org.citysense.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code edge-agent device}: the devices of the agent's config. */
@Command(
    name = "device",
    mixinStandardHelpOptions = true,
    description = "Work with the devices of the agent's config.",
    subcommands = {DeviceTestCommand.class},
    footer = {"", "Examples:", "  edge-agent device test gas-101 --config agent.yaml"})
final class DeviceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
