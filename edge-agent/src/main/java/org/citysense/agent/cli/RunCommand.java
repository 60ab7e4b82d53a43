package org.citysense.agent.cli;

import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.citysense.agent.Agent;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.ReloadingAgent;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.agent.config.DataFolder;
import org.citysense.agent.mqtt.EmbeddedBroker;
import org.citysense.agent.normalize.SequenceStore;
import org.citysense.agent.sink.BufferSink;
import org.citysense.agent.sink.JsonLinesSink;
import org.citysense.agent.sink.ReadingSink;
import org.citysense.profiles.clock.ClockSettings;
import org.citysense.profiles.wire.GatewayClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge-agent run}: the daemon. Stops cleanly on SIGTERM or Ctrl-C. */
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

  /** How often the config file is looked at for changes (its modification time, size, inode). */
  static final Duration RELOAD_CHECK = Duration.ofSeconds(1);

  /**
   * Agents that share one sink and one sequence store: a reload replaces the agent, never the
   * durable buffer or the forwarder, and sequence numbers keep rising.
   */
  static ReloadingAgent.Factory agentFactory(
      Clock clock, ProtocolDrivers drivers, ReadingSink sink, SequenceStore sequence) {
    return (config, profiles) -> new Agent(config, profiles, clock, drivers, sink, sequence);
  }

  @Override
  public Integer call() throws Exception {
    AgentConfigLoader.Loaded loaded = new AgentConfigLoader().load(config);
    AgentConfig c = loaded.config();
    Clock clock =
        ClockSettings.fromEnvironment(System.getenv())
            .override(clockStart, clockAnchor, speed)
            .toClock(Clock.systemUTC());
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    // the JVM exits once the hook returns: wait there until the agent has closed its files
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              awaitQuietly(closed);
            },
            "agent-shutdown");
    Optional<String> unusable = DataFolder.prepare(c.dataDir());
    if (unusable.isPresent()) {
      spec.commandLine()
          .getErr()
          .printf(
              "edge-agent: %s: the data folder %s cannot be used: %s; set dataDir to a folder"
                  + " the agent may write (docs/install.md)%n",
              config, c.dataDir(), unusable.get());
      return ExitCodes.INVALID;
    }
    SequenceStore sequence = new SequenceStore(c.dataDir());
    try (ProtocolDrivers drivers = new ProtocolDrivers();
        EmbeddedBroker broker = c.mqtt().embedded() ? startBroker(c.mqtt()) : null;
        ReadingSink sink = sink(c, clock, sequence.start());
        ReloadingAgent agent =
            new ReloadingAgent(
                config, loaded, agentFactory(clock, drivers, sink, sequence), RELOAD_CHECK)) {
      agent.start();
      PrintWriter err = spec.commandLine().getErr();
      err.printf(
          "edge-agent: gateway %s, %d device(s)%s; watching %s for changes%n",
          c.gatewayId(),
          c.devices().size(),
          c.statusPort() >= 0
              ? "; status on http://"
                  + c.statusHost()
                  + ":"
                  + agent.current().status().port()
                  + "/status"
              : "",
          config);
      err.flush();
      Runtime.getRuntime().addShutdownHook(hook);
      stop.await();
    } finally {
      closed.countDown();
    }
    return 0;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static EmbeddedBroker startBroker(AgentConfig.Mqtt mqtt) throws Exception {
    EmbeddedBroker broker = new EmbeddedBroker(mqtt.embeddedHost(), mqtt.embeddedPort());
    broker.start();
    return broker;
  }

  private ReadingSink sink(AgentConfig c, Clock clock, long seqStart) throws IOException {
    if (c.cloud() != null) {
      return BufferSink.open(c, token(c.cloud().tokenFile()), gatewayClock(), clock, seqStart);
    }
    if (c.output().equals("stdout")) {
      return new JsonLinesSink(spec.commandLine().getOut(), false);
    }
    return new JsonLinesSink(
        new PrintWriter(new FileWriter(c.output(), StandardCharsets.UTF_8, true)), true);
  }

  /** The gateway's token, written by {@code edge-agent provision}. */
  static String token(Path file) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(
          "no gateway token at "
              + file
              + "; provision the gateway first (edge-agent provision) or put its token there");
    }
    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (token.isEmpty()) {
      throw new IllegalStateException("the gateway token file " + file + " is empty");
    }
    return token;
  }

  /**
   * What the gateway can say of its clock: the agent does not know whether the system clock is
   * synchronised, so it says "system"; the cloud judges the offset itself.
   */
  private GatewayClock gatewayClock() {
    double rate = speed != null ? speed : ClockSettings.fromEnvironment(System.getenv()).speed();
    return new GatewayClock(false, "system", rate);
  }
}
