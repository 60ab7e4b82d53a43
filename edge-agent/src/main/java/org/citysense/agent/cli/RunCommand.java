package org.citysense.agent.cli;

import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.citysense.agent.Agent;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.agent.mqtt.EmbeddedBroker;
import org.citysense.agent.sink.JsonLinesSink;
import org.citysense.agent.sink.ReadingSink;
import org.citysense.profiles.clock.ClockSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge-agent run}: the daemon. Stops cleanly on SIGTERM or Ctrl-C. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the agent: read every device of the config, normalize through the profiles, and",
      "write readings (JSON lines) to the config's output. Status: GET http://127.0.0.1:8780/status"
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
      defaultValue = "agent.yaml",
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
    AgentConfigLoader.Loaded loaded = new AgentConfigLoader().load(config);
    AgentConfig c = loaded.config();
    Clock clock =
        ClockSettings.fromEnvironment(System.getenv())
            .override(clockStart, clockAnchor, speed)
            .toClock(Clock.systemUTC());
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "agent-shutdown");
    try (EmbeddedBroker broker = c.mqtt().embedded() ? startBroker(c.mqtt()) : null;
        Agent agent = new Agent(c, loaded.profiles(), clock, new ProtocolDrivers(), sink(c))) {
      agent.start();
      PrintWriter err = spec.commandLine().getErr();
      err.printf(
          "edge-agent: gateway %s, %d device(s)%s%n",
          c.gatewayId(),
          c.devices().size(),
          c.statusPort() >= 0
              ? "; status on http://" + c.statusHost() + ":" + agent.status().port() + "/status"
              : "");
      err.flush();
      Runtime.getRuntime().addShutdownHook(hook);
      stop.await();
    }
    return 0;
  }

  private static EmbeddedBroker startBroker(AgentConfig.Mqtt mqtt) throws Exception {
    EmbeddedBroker broker = new EmbeddedBroker(mqtt.embeddedHost(), mqtt.embeddedPort());
    broker.start();
    return broker;
  }

  private ReadingSink sink(AgentConfig c) throws IOException {
    if (c.output().equals("stdout")) {
      return new JsonLinesSink(spec.commandLine().getOut(), false);
    }
    return new JsonLinesSink(
        new PrintWriter(new FileWriter(c.output(), StandardCharsets.UTF_8, true)), true);
  }
}
