package org.citysense.demo;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.citysense.agent.cli.EdgeAgentCli;
import org.citysense.testsupport.ChildProcess;
import picocli.CommandLine;

/**
 * The community's gateway: its folder (agent.yaml, token, buffer, taken.log, logs), provisioned
 * with the installer's own command ({@code edge-agent provision}) against the cloud, then run as a
 * child process hosting the gateway's MQTT broker itself.
 */
final class EdgeAgent implements AutoCloseable {
  private static final Pattern ENROLLED = Pattern.compile("gateway (\\S+) enrolled in unit");

  private final Path dir;
  private final int brokerPort;
  private final int statusPort;
  private String gatewayId;
  private ChildProcess child;

  EdgeAgent(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.brokerPort = Ports.freeTcp();
    this.statusPort = Ports.freeTcp(Set.of(brokerPort));
  }

  /** Writes the config: the site's devices, the agent's own broker, the cloud through the link. */
  void configure(String cloudUrl, String devicesYaml) throws IOException {
    String yaml =
        "# written by the demo; `edge-agent provision` fills in gateway.id and cloud.url\n"
            + "gateway: {id: gw-unprovisioned}\n"
            + "dataDir: data\n"
            + "status: {host: 127.0.0.1, port: "
            + statusPort
            + "}\n"
            + "mqtt: {embedded: {host: 127.0.0.1, port: "
            + brokerPort
            + "}}\n"
            + "polling: {timeout: 1s, retries: 1}\n"
            + "cloud:\n"
            + "  url: "
            + cloudUrl
            + "\n"
            + "  tokenFile: gateway-token\n"
            + "  batchSize: 500\n"
            + "  linger: 200ms\n"
            + "  timeout: 5s\n"
            + "  minBackoff: 200ms\n"
            + "  maxBackoff: 2s\n"
            + "buffer:\n"
            + "  maxSize: 256MB\n"
            + "  segmentSize: 4MB\n"
            + "  syncEvery: 100ms\n"
            + "  auditFile: taken.log\n"
            + devicesYaml;
    Files.writeString(config(), yaml, StandardCharsets.UTF_8);
  }

  /** {@code edge-agent provision --cloud URL --code CODE}: the gateway's id and token. */
  String provision(String cloudUrl, String code) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = EdgeAgentCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit =
        cli.execute(
            "provision",
            "--cloud",
            cloudUrl,
            "--code",
            code,
            "--name",
            "Garden gateway",
            "--config",
            config().toString());
    Matcher m = ENROLLED.matcher(out.toString() + err);
    if (exit != 0 || !m.find()) {
      throw new DemoException(
          "edge-agent provision failed (exit " + exit + "): " + (out.toString() + err).strip());
    }
    gatewayId = m.group(1);
    return gatewayId;
  }

  /** Starts `edge-agent run` and waits until its status endpoint and its broker answer. */
  void start(Map<String, String> clockEnv) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            classPath(),
            "org.citysense.agent.cli.Main",
            "run",
            "--config",
            config().toString());
    child = ChildProcess.start("agent", command, clockEnv, dir, dir.resolve("logs"));
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!(answers(statusPort) && answers(brokerPort))) {
      if (!child.isAlive()) {
        throw new DemoException("the edge agent ended while starting\n" + child.tails());
      }
      if (System.nanoTime() > deadline) {
        throw new DemoException(
            "the edge agent did not start within 2 min; see " + dir.resolve("logs"));
      }
      Thread.sleep(200);
    }
  }

  private static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * This JVM's class path without the simulator (whose logback.xml would compete with the agent's),
   * the cloud and the demo itself.
   */
  static String classPath() {
    String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
    return Arrays.stream(entries)
        .filter(
            e ->
                !e.contains("firmware-sim")
                    && !e.contains("cloud-ingest")
                    && !e.contains("citysense-demo")
                    && !e.replace('\\', '/').endsWith("demo/target/classes"))
        .map(e -> Path.of(e).toAbsolutePath().toString()) // the agent runs in its own folder
        .collect(Collectors.joining(File.pathSeparator));
  }

  Path config() {
    return dir.resolve("agent.yaml");
  }

  String gatewayId() {
    return gatewayId;
  }

  String brokerUrl() {
    return "tcp://127.0.0.1:" + brokerPort;
  }

  boolean isAlive() {
    return child != null && child.isAlive();
  }

  String tails() {
    return child == null ? "" : child.tails();
  }

  /** The seqs the agent recorded as taken (synced to disk), in the order written. */
  List<Long> taken() throws IOException {
    Path log = dir.resolve("taken.log");
    if (!Files.exists(log)) {
      return List.of();
    }
    String text = Files.readString(log, StandardCharsets.US_ASCII);
    int end = text.lastIndexOf('\n');
    List<Long> seqs = new ArrayList<>();
    for (String line : text.substring(0, end + 1).split("\n")) {
      if (!line.isBlank()) {
        seqs.add(Long.parseLong(line.strip()));
      }
    }
    return seqs;
  }

  @Override
  public void close() {
    if (child != null) {
      child.close();
    }
  }
}
