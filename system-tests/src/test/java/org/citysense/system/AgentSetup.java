package org.citysense.system;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.citysense.testsupport.ChildProcess;

/**
 * One gateway's agent: its folder (config, token file, data, taken.log, logs) and how to start it
 * as a child process: {@code java -cp <this JVM's class path without cloud-ingest>
 * org.citysense.agent.cli.Main run --config agent.yaml}. Each start is a new process on the same
 * folder, so the buffer, the sequence numbers and taken.log carry over.
 */
final class AgentSetup {
  private final Path dir;
  private final Map<String, String> env;
  private int runs;

  /**
   * @param interval every point's polling interval (instance {@code intervals:}), e.g. "1s"
   * @param cloudUrl cloud-ingest's {@code http://} URL, or a broker's {@code tcp://} or {@code
   *     ssl://} URI for the mqtt transport (user the gateway id, password its token)
   * @param bufferMax the disk budget, e.g. "64MB"
   * @param segment the segment size, e.g. "1MB"
   * @param env extra environment (the clock), may be empty
   */
  AgentSetup(
      Path dir,
      String gatewayId,
      String token,
      String cloudUrl,
      List<SimSite.Device> devices,
      Map<String, String> intervals,
      String bufferMax,
      String segment,
      Map<String, String> env)
      throws IOException {
    this.dir = Files.createDirectories(dir);
    this.env = Map.copyOf(env);
    Files.writeString(dir.resolve("gateway-token"), token, StandardCharsets.UTF_8);
    StringBuilder yaml = new StringBuilder();
    yaml.append("gateway: {id: ").append(gatewayId).append("}\n");
    yaml.append("dataDir: data\n");
    yaml.append("status: {host: 127.0.0.1, port: -1}\n");
    yaml.append("polling: {timeout: 1s, retries: 1}\n");
    yaml.append("cloud:\n");
    if (cloudUrl.startsWith("tcp://") || cloudUrl.startsWith("ssl://")) {
      yaml.append("  transport: mqtt\n");
      yaml.append("  mqttBroker: ").append(cloudUrl).append("\n");
    } else {
      yaml.append("  url: ").append(cloudUrl).append("\n");
    }
    yaml.append("  tokenFile: gateway-token\n");
    yaml.append("  batchSize: 500\n");
    yaml.append("  linger: 200ms\n");
    yaml.append("  timeout: 5s\n");
    yaml.append("  minBackoff: 200ms\n");
    yaml.append("  maxBackoff: 2s\n");
    yaml.append("buffer:\n");
    yaml.append("  maxSize: ").append(bufferMax).append("\n");
    yaml.append("  segmentSize: ").append(segment).append("\n");
    yaml.append("  syncEvery: 100ms\n");
    yaml.append("  auditFile: taken.log\n");
    // the same gateway, folder and buffer without devices: it only drains what is buffered
    Files.writeString(drainConfig(), yaml + "devices: []\n", StandardCharsets.UTF_8);
    yaml.append(devicesYaml(devices, intervals));
    Files.writeString(config(), yaml, StandardCharsets.UTF_8);
  }

  /** The devices as a device-instance file (the cloud imports the same list). */
  static String devicesYaml(List<SimSite.Device> devices, Map<String, String> intervals) {
    StringBuilder yaml = new StringBuilder("devices:\n");
    for (SimSite.Device d : devices) {
      yaml.append("  - {id: ")
          .append(d.id())
          .append(", profile: ")
          .append(d.profile())
          .append(", modbus-tcp: {host: ")
          .append(d.host())
          .append(", port: ")
          .append(d.port())
          .append(", unitId: ")
          .append(d.unitId())
          .append("}, unit: ")
          .append(SystemTestSupport.COMMUNITY);
      String forProfile = intervals.get(d.profile());
      if (forProfile != null) {
        yaml.append(", intervals: {").append(forProfile).append("}");
      }
      yaml.append("}\n");
    }
    return yaml.toString();
  }

  Path dir() {
    return dir;
  }

  Path config() {
    return dir.resolve("agent.yaml");
  }

  Path drainConfig() {
    return dir.resolve("agent-drain.yaml");
  }

  Path takenLog() {
    return dir.resolve("taken.log");
  }

  int runs() {
    return runs;
  }

  /** A new agent process on this folder; its output is appended to logs/agent.out and .err. */
  ChildProcess start() throws IOException {
    return start(config());
  }

  /** A new agent process that reads no device and only sends what its buffer holds. */
  ChildProcess startDraining() throws IOException {
    return start(drainConfig());
  }

  private ChildProcess start(Path configFile) throws IOException {
    runs++;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            agentClassPath(),
            "org.citysense.agent.cli.Main",
            "run",
            "--config",
            configFile.toString());
    return ChildProcess.start("agent", command, env, dir, dir.resolve("logs"));
  }

  /** The seqs the agent recorded as taken (on disk), over every run, in the order written. */
  List<Long> taken() throws IOException {
    if (!Files.exists(takenLog())) {
      return List.of();
    }
    String text = Files.readString(takenLog(), StandardCharsets.US_ASCII);
    List<Long> seqs = new ArrayList<>();
    int end = text.lastIndexOf('\n'); // a line the kill cut short is not a record yet
    for (String line : text.substring(0, end + 1).split("\n")) {
      if (!line.isBlank()) {
        seqs.add(Long.parseLong(line.strip()));
      }
    }
    return seqs;
  }

  /** Lines of taken.log so far (a cheap progress probe). */
  long takenLines() {
    try {
      if (!Files.exists(takenLog())) {
        return 0;
      }
      byte[] bytes = Files.readAllBytes(takenLog());
      long n = 0;
      for (byte b : bytes) {
        if (b == '\n') {
          n++;
        }
      }
      return n;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * This JVM's class path without cloud-ingest (which runs as its own process) and firmware-sim
   * (which plays the devices here, and whose logback.xml would compete with the agent's).
   */
  static String agentClassPath() {
    String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
    if (entries.length < 3) {
      throw new AssertionError(
          "the test class path is only "
              + Arrays.toString(entries)
              + ": run with failsafe's useManifestOnlyJar=false");
    }
    return Arrays.stream(entries)
        .filter(e -> !e.contains("cloud-ingest") && !e.contains("firmware-sim"))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
