package org.citysense.agent.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edge-agent run}: the daemon ({@link AgentRun}). Stops cleanly on SIGTERM or Ctrl-C. Its
 * options are read by {@link RunArgs} too, which starts the daemon without picocli.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the agent: read the config's devices and forward their readings.",
      "Every reading is normalized through the profiles, kept in the durable buffer and"
          + " forwarded to the config's cloud (or, without a cloud, written as JSON lines to the"
          + " config's output). Status: GET http://127.0.0.1:8780/status",
      "The config file is looked at every second; when it changes (edge-agent device add or"
          + " remove, an editor) devices, polling and status are reloaded without a restart; a"
          + " config with problems is logged, the running one kept. Changes to gateway.id,"
          + " dataDir, output, mqtt, cloud, buffer need a restart."
    },
    footer = {
      "",
      "Examples:",
      "  edge-agent run --config /etc/citysense-agent/agent.yaml",
      "  edge-agent run --config agent.yaml --speed 60      # on an accelerated clock"
    })
final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      defaultValue = RunArgs.DEFAULT_CONFIG,
      paramLabel = "FILE",
      description = "The config file (default ${DEFAULT-VALUE}).")
  Path config;

  @Option(names = "--speed", paramLabel = "N", description = "Run the clock N times as fast.")
  Double speed;

  @Option(
      names = "--clock-start",
      paramLabel = "UTC",
      description = "Simulated time at the anchor.")
  Instant clockStart;

  @Option(
      names = "--clock-anchor",
      paramLabel = "UTC",
      description = "Real time of the clock start.")
  Instant clockAnchor;

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    return new AgentRun(
            new RunArgs(config, speed, clockStart, clockAnchor), cmd.getOut(), cmd.getErr())
        .call();
  }
}
