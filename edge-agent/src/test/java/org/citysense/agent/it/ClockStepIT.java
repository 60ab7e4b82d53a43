package org.citysense.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.sim.scenario.ScenarioCatalog;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in a process of its own whose wall clock NTP steps back six hours and then forward
 * again (libfaketime, from Debian's faketime package, with the monotonic clock left alone): polls
 * go on at their intervals throughout, the readings' timestamps show the steps, and a gas leak
 * after the step still closes the valve.
 */
class ClockStepIT {
  private static final Path LIBFAKETIME =
      Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void pollingAndEdgeAlarmsGoOnThroughWallClockSteps() throws Exception {
    assertThat(LIBFAKETIME).as("Debian package faketime, installed by scripts/test").exists();
    SimDevice gas = detector();
    ModbusSlave slave = new ModbusSlave(true);
    slave.add(7, gas);
    Path offset = dir.resolve("faketime");
    Files.writeString(offset, "+0\n");
    try (ModbusTcpServer tcp = new ModbusTcpServer("127.0.0.1", 0, slave)) {
      tcp.start();
      Path config = dir.resolve("agent.yaml");
      Files.writeString(
          config,
          "gateway: {id: gw-clock}\n"
              + "dataDir: data\n"
              + "status: {port: -1}\n"
              + "devices:\n"
              + "  - id: gas-101\n"
              + "    profile: gas-lel-modbus\n"
              + "    modbus-tcp: {host: 127.0.0.1, port: "
              + tcp.boundPort()
              + ", unitId: 7}\n"
              + "    intervals: {gas: 500ms, gas_alarm: 500ms, valve: 500ms}\n"
              + "    onAlarm: [{write: valve, value: false}]\n");
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "org.citysense.agent.cli.Main",
                  "run",
                  "--config",
                  config.toString())
              .directory(dir.toFile())
              .redirectError(dir.resolve("agent.err").toFile());
      pb.environment()
          .putAll(
              Map.of(
                  "LD_PRELOAD",
                  LIBFAKETIME.toString(),
                  "FAKETIME_TIMESTAMP_FILE",
                  offset.toString(),
                  "FAKETIME_NO_CACHE",
                  "1",
                  "FAKETIME_DONT_FAKE_MONOTONIC",
                  "1"));
      Process agent = pb.start();
      List<JsonNode> lines = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> readLines(agent, lines), "agent stdout");
      reader.setDaemon(true);
      reader.start();
      try {
        awaitGasReadings(lines, 3, r -> true, "readings before any step");

        Files.writeString(offset, "-6h\n");
        long before = gasReadings(lines, r -> true);
        awaitGasReadings(
            lines, 6, r -> ts(r).isBefore(Instant.now().minus(Duration.ofHours(5))), "after -6 h");
        assertThat(gasReadings(lines, r -> true)).isGreaterThanOrEqualTo(before + 6);

        gas.set("gas", Value.of(30.0)); // a leak, six hours "in the past"
        Poll.until(
            "the valve closed by the edge alarm",
            Duration.ofSeconds(60),
            () -> gas.writes().contains("valve=false"),
            () -> "writes: " + gas.writes() + ", stderr: " + stderr());
        Poll.until(
            "the raised edge event on the output",
            Duration.ofSeconds(30),
            () ->
                lines.stream()
                    .anyMatch(
                        l -> l.path("edgeEvent").path("kind").asText().equals(EdgeEvent.RAISED)));

        Files.writeString(offset, "+6h\n");
        awaitGasReadings(
            lines, 6, r -> ts(r).isAfter(Instant.now().plus(Duration.ofHours(5))), "after +6 h");
      } finally {
        agent.destroy();
        if (!agent.waitFor(20, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      }
    }
  }

  private String stderr() {
    try {
      return Files.readString(dir.resolve("agent.err"));
    } catch (Exception e) {
      return e.toString();
    }
  }

  private void awaitGasReadings(List<JsonNode> lines, int n, Predicate<JsonNode> which, String what)
      throws InterruptedException {
    Poll.until(
        n + " gas readings " + what,
        Duration.ofSeconds(60),
        () -> gasReadings(lines, which) >= n,
        () -> "lines: " + lines.size() + ", stderr: " + stderr());
  }

  private static long gasReadings(List<JsonNode> lines, Predicate<JsonNode> which) {
    return lines.stream()
        .map(l -> l.path("reading"))
        .filter(r -> r.path("point").asText().equals("gas"))
        .filter(which)
        .count();
  }

  private static Instant ts(JsonNode reading) {
    return Instant.ofEpochMilli(reading.path("ts").asLong());
  }

  private static void readLines(Process agent, List<JsonNode> lines) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("{")) {
          lines.add(JSON.readTree(line));
        }
      }
    } catch (Exception e) {
      // the process ended
    }
  }

  /** A gas detector on its baseline: no leak until the test sets one. */
  private static SimDevice detector() {
    Clock clock = Clock.systemUTC();
    DeviceFactory factory =
        new DeviceFactory(
            ProfileCatalog.bundled(), clock, 42, ZoneId.of("Asia/Shanghai"), clock.instant());
    DeviceInstance instance =
        new DeviceInstance(
            "gas-101",
            "gas-lel-modbus",
            new Transport.ModbusTcp("127.0.0.1", 0, 7),
            null,
            "h-101",
            null,
            null,
            Map.of(),
            Map.of());
    return factory.create(instance, ScenarioCatalog.bundled().compose("baseline", "ClockStepIT"));
  }
}
