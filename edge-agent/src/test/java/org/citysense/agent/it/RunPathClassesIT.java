package org.citysense.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.citysense.agent.testing.Devices;
import org.citysense.agent.testing.Ports;
import org.citysense.profiles.device.Transport;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge-agent run} in a JVM of its own, polling a Modbus TCP device and buffering for a cloud
 * that refuses connections, must not load the packages below: each costs a gateway memory it does
 * not have to spend (jackson-databind alone is some 470 classes and 3-4 MiB). The JVM's class+load
 * log says what was loaded.
 */
class RunPathClassesIT {
  /**
   * Package prefixes the run path must not load: jackson-databind (the streaming API does), the
   * JDK's HttpClient (~270 classes and its threads; the uplink uses HttpURLConnection), and the OPC
   * UA stack without an OPC UA device, the embedded MQTT broker when the config has none; picocli
   * (~180 classes the class-data archive cannot hold: {@code Main} starts run without it).
   */
  private static final List<String> FORBIDDEN =
      List.of(
          "com.fasterxml.jackson.databind.",
          "java.net.http.",
          "jdk.internal.net.http.",
          "org.apache.plc4x.",
          "io.moquette.",
          "picocli.");

  private static final String TAG = "[class,load] ";
  private static final ObjectMapper JSON = new ObjectMapper();

  // kept when the test fails: the log names every class and where it came from
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void runLoadsNoForbiddenClassWhilePollingAndBuffering() throws Exception {
    SimDevice pm =
        new Devices()
            .sim(
                "pm-1",
                "pm25-rs485",
                new Transport.ModbusTcp("127.0.0.1", 0, 1),
                Clock.systemUTC());
    ModbusSlave slave = new ModbusSlave(true);
    slave.add(1, pm);
    Path log = dir.resolve("classes.log");
    try (ModbusTcpServer tcp = new ModbusTcpServer("127.0.0.1", 0, slave)) {
      tcp.start();
      int statusPort = Ports.freeTcpPort();
      Files.writeString(dir.resolve("gateway-token"), "test-token\n");
      Files.writeString(
          dir.resolve("agent.yaml"),
          "gateway: {id: gw-classes}\n"
              + "dataDir: data\n"
              + "status: {host: 127.0.0.1, port: "
              + statusPort
              + "}\n"
              // nothing listens there: every send fails and the buffer fills
              + "cloud: {url: 'http://127.0.0.1:"
              + Ports.freeTcpPort()
              + "', tokenFile: gateway-token, linger: 100ms, minBackoff: 100ms}\n"
              + "devices:\n"
              + "  - id: pm-1\n"
              + "    profile: pm25-rs485\n"
              + "    modbus-tcp: {host: 127.0.0.1, port: "
              + tcp.boundPort()
              + ", unitId: 1}\n");
      Process agent =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xlog:class+load=info:file=" + log,
                  // the test class path: its logback-test.xml adds logback's XML configuration
                  // (~450 classes) to what an installed agent loads, none of them forbidden
                  "-cp",
                  System.getProperty("java.class.path"),
                  "org.citysense.agent.cli.Main",
                  "run",
                  "--config",
                  "agent.yaml")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("agent.out").toFile())
              .start();
      try {
        Poll.until(
            "readings buffered and a send to the refusing cloud failed",
            Duration.ofSeconds(60),
            () -> {
              assertThat(agent.isAlive()).as("the agent runs").isTrue();
              return buffering(statusPort);
            },
            () -> "agent output:\n" + text(dir.resolve("agent.out")));
      } finally {
        agent.destroy(); // SIGTERM: shutdown runs too, and the log is complete
        if (!agent.waitFor(30, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      }
    }
    List<String> loaded = loadedClasses(log);
    assertThat(loaded).as("classes in " + log).hasSizeGreaterThan(1000);
    List<String> offenders =
        loaded.stream().filter(c -> FORBIDDEN.stream().anyMatch(c::startsWith)).toList();
    // for comparing a change's footprint: the totals, in the test's output
    System.out.printf(
        "run loaded %d classes, %d of them com.fasterxml.jackson%n",
        loaded.size(), loaded.stream().filter(c -> c.startsWith("com.fasterxml.jackson.")).count());
    assertThat(offenders)
        .withFailMessage(
            "%d of %d classes loaded by run are in %s, the first %s (log: %s)",
            offenders.size(),
            loaded.size(),
            FORBIDDEN,
            offenders.isEmpty() ? "-" : offenders.get(0),
            log)
        .isEmpty();
  }

  /** Whether the status endpoint shows items in the buffer and at least one failed send. */
  private static boolean buffering(int port) {
    try (InputStream in =
        Ports.accepting(port)
            ? URI.create("http://127.0.0.1:" + port + "/status").toURL().openStream()
            : InputStream.nullInputStream()) {
      byte[] body = in.readAllBytes();
      if (body.length == 0) {
        return false;
      }
      JsonNode uplink = JSON.readTree(body).path("uplink");
      return uplink.path("bufferDepth").asLong() > 0
          && uplink.path("consecutiveFailures").asLong() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** The class names in a class+load log: {@code [0.012s][info][class,load] a.B source: ...}. */
  private static List<String> loadedClasses(Path log) throws IOException {
    return Files.readAllLines(log).stream()
        .filter(l -> l.contains(TAG))
        .map(l -> l.substring(l.indexOf(TAG) + TAG.length()).split(" ", 2)[0])
        .toList();
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
