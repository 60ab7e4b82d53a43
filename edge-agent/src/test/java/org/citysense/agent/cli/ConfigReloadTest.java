package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.citysense.agent.Agent;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.ReloadingAgent;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.agent.normalize.SequenceStore;
import org.citysense.agent.sink.JsonLinesSink;
import org.citysense.agent.testing.Devices;
import org.citysense.profiles.device.Transport;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run command's reload: a device added to the config file with {@code edge-agent device add} is
 * read by the running agent without a restart, through the same sink, with sequence numbers still
 * rising; a config with problems leaves the running agent as it was.
 */
class ConfigReloadTest {
  private static final Duration GENEROUS = Duration.ofSeconds(60);
  private final Clock clock = Clock.systemUTC();
  private final Devices devices = new Devices();
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void aDeviceAddedToTheFileIsReadWithoutARestart() throws Exception {
    ModbusSlave bus = new ModbusSlave(true);
    bus.add(
        1, devices.sim("pm-1", "pm25-rs485", new Transport.ModbusTcp("127.0.0.1", 0, 1), clock));
    bus.add(
        2, devices.sim("pm-2", "pm25-rs485", new Transport.ModbusTcp("127.0.0.1", 0, 2), clock));
    try (ModbusTcpServer server = new ModbusTcpServer("127.0.0.1", 0, bus)) {
      server.start();
      String hostPort = "127.0.0.1:" + server.boundPort();
      Path config = dir.resolve("agent.yaml");
      Path output = dir.resolve("readings.jsonl");
      Files.writeString(
          config,
          "# reload test\n"
              + "gateway: {id: gw-test}\n"
              + "status: {port: -1}\n"
              + "output: readings.jsonl\n"
              + "devices:\n"
              + "  - {id: pm-1, profile: pm25-rs485, modbus-tcp: {host: 127.0.0.1, port: "
              + server.boundPort()
              + ", unitId: 1}, intervals: {pm2_5: 1s}}\n");
      AgentConfigLoader.Loaded loaded = new AgentConfigLoader().load(config);

      try (JsonLinesSink sink =
              new JsonLinesSink(
                  new PrintWriter(new FileWriter(output.toFile(), StandardCharsets.UTF_8, true)),
                  true);
          ReloadingAgent agent =
              new ReloadingAgent(
                  config,
                  loaded,
                  AgentRun.agentFactory(
                      clock,
                      new ProtocolDrivers(),
                      sink,
                      new SequenceStore(loaded.config().dataDir())),
                  Duration.ofMillis(200))) {
        agent.start();
        Poll.until("readings of pm-1", GENEROUS, () -> count(output, "pm-1") >= 2);
        Agent first = agent.current();

        CliRun add =
            CliRun.of(
                "device",
                "add",
                "pm-2",
                "--profile",
                "pm25-rs485",
                "--modbus-tcp",
                hostPort,
                "--unit-id",
                "2",
                "--offline",
                "--config",
                config.toString());
        assertThat(add.exit()).as(add.toString()).isZero();

        Poll.until(
            "readings of pm-2",
            GENEROUS,
            () -> count(output, "pm-2") > 0,
            () -> "output:\n" + String.join("\n", lines(output)));
        assertThat(agent.current()).isNotSameAs(first);
        Poll.until("pm-1 read again after the reload", GENEROUS, () -> pm1AfterPm2(output));

        List<Long> seqs = new ArrayList<>();
        for (String line : lines(output)) {
          JsonNode reading = json.readTree(line).get("reading");
          if (reading != null) {
            seqs.add(reading.get("seq").asLong());
          }
        }
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(seqs.get(seqs.size() - 1) - seqs.get(0)).isLessThan(1000); // no block skipped
      }
    }
  }

  @Test
  void aConfigWithProblemsKeepsTheRunningAgent() throws Exception {
    Path config = dir.resolve("agent.yaml");
    String good =
        "gateway: {id: gw-test}\nstatus: {port: -1}\noutput: readings.jsonl\ndevices: []\n";
    Files.writeString(config, good);
    AgentConfigLoader.Loaded loaded = new AgentConfigLoader().load(config);
    try (JsonLinesSink sink =
            new JsonLinesSink(new PrintWriter(java.io.Writer.nullWriter()), true);
        ReloadingAgent agent =
            new ReloadingAgent(
                config,
                loaded,
                AgentRun.agentFactory(
                    clock, new ProtocolDrivers(), sink, new SequenceStore(dir.resolve("data"))),
                Duration.ofHours(1))) {
      agent.start();
      Agent first = agent.current();

      Files.writeString(config, good + "polling: {timeout: soon}\n");
      assertThat(agent.reloadIfChanged()).isFalse();
      assertThat(agent.current()).isSameAs(first);
      assertThat(agent.reloadIfChanged()).as("the same bad file is not read twice").isFalse();

      Files.writeString(config, good.replace("status: {port: -1}", "status: {port: -1}  # ok"));
      assertThat(agent.reloadIfChanged()).isTrue();
      assertThat(agent.current()).isNotSameAs(first);
      assertThat(agent.reloadIfChanged()).as("unchanged").isFalse();
    }
  }

  private boolean pm1AfterPm2(Path output) {
    List<String> all = lines(output);
    int firstPm2 = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).contains("\"pm-2\"")) {
        firstPm2 = i;
        break;
      }
    }
    return firstPm2 >= 0
        && all.subList(firstPm2, all.size()).stream().anyMatch(l -> l.contains("\"pm-1\""));
  }

  private static long count(Path output, String device) {
    return lines(output).stream().filter(l -> l.contains("\"" + device + "\"")).count();
  }

  private static List<String> lines(Path output) {
    try {
      return Files.exists(output) ? Files.readAllLines(output) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
