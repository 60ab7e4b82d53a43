package org.citysense.agent.cli;

import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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

/**
 * The daemon behind {@code edge-agent run}: reads the config, opens the buffer and the sink, starts
 * the agent and keeps it running until SIGTERM or Ctrl-C, then closes its files. Knows nothing of
 * picocli: {@link EdgeAgentCli#main} starts it straight from {@link RunArgs} when it can, {@link
 * RunCommand} otherwise.
 */
final class AgentRun {
  /** How often the config file is looked at for changes (its modification time, size, inode). */
  static final Duration RELOAD_CHECK = Duration.ofSeconds(1);

  private final RunArgs args;
  private final PrintWriter out;
  private final PrintWriter err;

  AgentRun(RunArgs args, PrintWriter out, PrintWriter err) {
    this.args = args;
    this.out = out;
    this.err = err;
  }

  /**
   * Runs {@code args} as {@link Main} does, without picocli; a failure is reported as picocli's
   * handler in {@link EdgeAgentCli#commandLine()} reports it.
   */
  static int direct(RunArgs args, PrintWriter out, PrintWriter err) {
    try {
      return new AgentRun(args, out, err).call();
    } catch (Exception e) {
      return ExitCodes.report(e, err);
    }
  }

  /**
   * Agents that share one sink and one sequence store: a reload replaces the agent, never the
   * durable buffer or the forwarder, and sequence numbers keep rising.
   */
  static ReloadingAgent.Factory agentFactory(
      Clock clock, ProtocolDrivers drivers, ReadingSink sink, SequenceStore sequence) {
    return (config, profiles) -> new Agent(config, profiles, clock, drivers, sink, sequence);
  }

  /** Runs the agent until SIGTERM or Ctrl-C; what it exits with. */
  int call() throws Exception {
    Path config = args.config();
    AgentConfigLoader.Loaded loaded = new AgentConfigLoader().load(config);
    AgentConfig c = loaded.config();
    Clock clock =
        ClockSettings.fromEnvironment(System.getenv())
            .override(args.clockStart(), args.clockAnchor(), args.speed())
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
      err.printf(
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
      return new JsonLinesSink(out, false);
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
    double rate =
        args.speed() != null
            ? args.speed()
            : ClockSettings.fromEnvironment(System.getenv()).speed();
    return new GatewayClock(false, "system", rate);
  }
}
