package org.citysense.agent.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.agent.testing.Commands.clean;
import static org.citysense.agent.testing.Commands.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.agent.testing.BareMiloServer;
import org.citysense.agent.testing.Commands.Ran;
import org.citysense.agent.testing.Ports;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install tarball that {@code mvn package} builds (src/assembly/install.xml), opened the way an
 * installer opens it: listed and unpacked with {@code tar}, its launcher run from the unpacked
 * copy. Runs in {@code integration-test}, after {@code package}; the tarball's path comes from
 * failsafe.
 */
class InstallLayoutIT {
  /** The jars only OPC UA needs: PLC4X and its own dependencies (the pom's opcua.jars). */
  private static final List<String> OPC_UA_ONLY =
      List.of(
          "plc4j-",
          "bcprov-",
          "bcpkix-",
          "bcutil-",
          "woodstox-core-",
          "stax2-api-",
          "vavr-",
          "commons-lang3-",
          "bit-io-");

  /** The jars only the embedded MQTT broker needs (the pom's broker.jars). */
  private static final List<String> BROKER_ONLY =
      List.of(
          "moquette-broker-",
          "netty-codec-http-",
          "netty-codec-mqtt-",
          "h2-mvstore-",
          "HikariCP-",
          "metrics-core-",
          "metrics-jvm-",
          "librato-java-");

  private static Path tarball;
  private static String version;
  private static String top;
  @TempDir static Path unpacked;

  @BeforeAll
  static void unpack() throws Exception {
    tarball = Path.of(System.getProperty("install.tarball", "target/none.tar.gz"));
    assertThat(tarball).as("built by mvn package").isRegularFile();
    version = System.getProperty("install.version");
    top = "citysense-edge-agent-" + version;
    Ran tar = run(unpacked, Map.of(), "tar", "-xzf", tarball.toString(), "-C", unpacked.toString());
    assertThat(tar.code()).as(tar.err()).isZero();
  }

  @Test
  void everythingIsInOneVersionedFolder() throws Exception {
    Ran listing = run(unpacked, Map.of(), "tar", "-tzf", tarball.toString());
    assertThat(listing.code()).isZero();
    List<String> entries = listing.out().lines().toList();
    assertThat(entries).allSatisfy(e -> assertThat(e).startsWith(top + "/"));
    assertThat(entries)
        .contains(
            top + "/bin/edge-agent",
            top + "/lib/edge-agent-" + version + ".jar",
            top + "/lib/device-profiles-" + version + ".jar",
            top + "/etc/agent.yaml.example",
            top + "/systemd/citysense-edge-agent.service",
            top + "/README.install");
  }

  @Test
  void libHoldsTheAgentAndItsRuntimeJarsOnly() throws IOException {
    List<String> jars = files(home().resolve("lib"));
    assertThat(jars).allSatisfy(j -> assertThat(j).matches(".*\\.jar|opcua|mqtt-broker"));
    assertThat(jars)
        .anySatisfy(j -> assertThat(j).startsWith("picocli-"))
        .anySatisfy(j -> assertThat(j).startsWith("logback-classic-"))
        .anySatisfy(j -> assertThat(j).startsWith("jSerialComm-"))
        .noneSatisfy(j -> assertThat(j).startsWith("junit-"))
        .noneSatisfy(j -> assertThat(j).startsWith("assertj-"))
        .noneSatisfy(j -> assertThat(j).startsWith("firmware-sim-"))
        .noneSatisfy(j -> assertThat(j).startsWith("test-support-"));
  }

  @Test
  void plc4xAndWhatOnlyItNeedsAreInLibOpcuaAndLibHasNoneOfThem() throws IOException {
    Predicate<String> opcUaOnly = j -> OPC_UA_ONLY.stream().anyMatch(j::startsWith);
    assertThat(files(home().resolve("lib")))
        .noneMatch(opcUaOnly)
        // shared with the rest of the agent: they stay on the class path
        .anySatisfy(j -> assertThat(j).startsWith("netty-transport-4"))
        .anySatisfy(j -> assertThat(j).startsWith("slf4j-api-"))
        .anySatisfy(j -> assertThat(j).startsWith("jackson-databind-"))
        .anySatisfy(j -> assertThat(j).startsWith("commons-codec-"));
    assertThat(files(home().resolve("lib/opcua")))
        .hasSize(13)
        .allMatch(opcUaOnly)
        .anySatisfy(j -> assertThat(j).startsWith("plc4j-driver-opcua-"))
        .anySatisfy(j -> assertThat(j).startsWith("bcprov-jdk18on-"));
  }

  @Test
  void moquetteAndWhatOnlyItNeedsAreInLibMqttBrokerAndLibHasNoneOfThem() throws IOException {
    Predicate<String> brokerOnly = j -> BROKER_ONLY.stream().anyMatch(j::startsWith);
    assertThat(files(home().resolve("lib")))
        .noneMatch(brokerOnly)
        .anySatisfy(j -> assertThat(j).startsWith("netty-codec-4"))
        .anySatisfy(j -> assertThat(j).startsWith("org.eclipse.paho.client.mqttv3-"));
    assertThat(files(home().resolve("lib/mqtt-broker")))
        .hasSize(BROKER_ONLY.size())
        .allMatch(brokerOnly);
  }

  @Test
  void theInstalledLauncherRunsTheEmbeddedBrokerFromLibMqttBroker() throws Exception {
    Path work = Files.createDirectories(unpacked.resolve("broker-run"));
    int port = Ports.freeTcpPort();
    Files.writeString(
        work.resolve("agent.yaml"),
        "gateway: {id: gw-broker}\ndataDir: data\noutput: out.jsonl\nstatus: {port: -1}\n"
            + "mqtt: {embedded: {host: 127.0.0.1, port: "
            + port
            + "}}\ndevices: []\n");
    Map<String, String> env = new java.util.HashMap<>(java());
    env.put("EDGE_AGENT_CDS_DIR", "");
    env.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info");

    String out =
        runUntilStartedThenStop(
            work, env, home().resolve("bin/edge-agent").toString(), "gw-broker");

    assertThat(out)
        .contains("MQTT broker started [address: 127.0.0.1:" + port)
        .containsPattern(
            "io\\.moquette\\.broker\\.Server source: file:.*/lib/mqtt-broker/moquette-")
        .contains("MQTT broker stopped");
  }

  @Test
  void theInstalledLauncherReadsAnOpcUaNodeWithTheJarsOfLibOpcua() throws Exception {
    try (BareMiloServer bare = BareMiloServer.start("/milo")) {
      Ran probe =
          run(
              unpacked,
              java(),
              home().resolve("bin/edge-agent").toString(),
              "probe",
              "--opcua",
              bare.endpoint(),
              "--node",
              "ns=0;i=2259");
      assertThat(probe.code()).as(probe.err()).isZero();
      assertThat(probe.out()).contains("node ns=0;i=2259 on " + bare.endpoint() + ": DINT 0");
    }
  }

  @Test
  void theLauncherIsExecutableAndRunsFromTheUnpackedCopy() throws Exception {
    Path launcher = home().resolve("bin/edge-agent");
    assertThat(Files.isExecutable(launcher)).isTrue();
    assertThat(Files.getPosixFilePermissions(launcher))
        .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    Ran help = run(unpacked, java(), launcher.toString(), "--help");
    assertThat(help.code()).as(help.err()).isZero();
    assertThat(help.out()).startsWith("Usage: edge-agent").contains("Examples:", "Exit codes:");
  }

  @Test
  void versionPrintsTheVersionInTheTarballsName() throws Exception {
    Ran v = run(unpacked, java(), home().resolve("bin/edge-agent").toString(), "--version");
    assertThat(v.code()).as(v.err()).isZero();
    assertThat(v.out().strip()).isEqualTo("edge-agent " + version);
    assertThat(tarball.getFileName().toString()).isEqualTo(top + ".tar.gz");
  }

  @Test
  void theLauncherFindsItsLibThroughASymbolicLinkFromAnotherFolder() throws Exception {
    Path elsewhere = Files.createDirectories(unpacked.resolve("usr-local-bin"));
    Path link =
        Files.createSymbolicLink(elsewhere.resolve("edge-agent"), home().resolve("bin/edge-agent"));
    Ran help = run(elsewhere, java(), link.toString(), "status", "--help");
    assertThat(help.code()).as(help.err()).isZero();
    assertThat(help.out()).startsWith("Usage: edge-agent status");
  }

  @Test
  void theJvmGetsASmallHeapUnlessEdgeAgentJavaOptsSaysOtherwise() throws Exception {
    // JDK_JAVA_OPTIONS is read by the java launcher itself: it shows the heap the options gave
    Map<String, String> env = new java.util.HashMap<>(java());
    env.put("JDK_JAVA_OPTIONS", "-XshowSettings:vm");
    String launcher = home().resolve("bin/edge-agent").toString();
    Ran byDefault = run(unpacked, env, launcher, "--version");
    assertThat(byDefault.code()).as(byDefault.err()).isZero();
    assertThat(byDefault.out() + byDefault.err())
        .containsPattern("Max\\. Heap Size.*: 64\\.00M")
        .containsPattern("Stack Size: 512\\.00K");
    env.put("EDGE_AGENT_JAVA_OPTS", "-Xmx77m");
    Ran told = run(unpacked, env, launcher, "--version");
    assertThat(told.code()).as(told.err()).isZero();
    assertThat(told.out() + told.err()).containsPattern("Max\\. Heap Size.*: 77\\.00M");
  }

  @Test
  void runKeepsAClassDataArchiveInTheStateFolderAndStartsFromIt() throws Exception {
    Path state = Files.createDirectories(unpacked.resolve("state"));
    Path work = Files.createDirectories(unpacked.resolve("cds-run"));
    Files.writeString(
        work.resolve("agent.yaml"),
        "gateway: {id: gw-cds}\ndataDir: data\noutput: out.jsonl\nstatus: {port: -1}\n"
            + "devices: []\n");
    Map<String, String> env = new java.util.HashMap<>(java());
    env.put("STATE_DIRECTORY", state.toString()); // what systemd sets for the unit
    String launcher = home().resolve("bin/edge-agent").toString();

    assertThat(run(unpacked, env, launcher, "--version").code()).isZero();
    assertThat(archives(state)).as("only run keeps one").isEmpty();
    runUntilStartedThenStop(work, env, launcher, "gw-cds");
    assertThat(archives(state)).as("written when run stopped").hasSize(1);

    env.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info");
    String second = runUntilStartedThenStop(work, env, launcher, "gw-cds");
    assertThat(second).contains("org.citysense.agent.Agent source: shared objects file (top)");
    env.put("EDGE_AGENT_CDS_DIR", "");
    String without = runUntilStartedThenStop(work, env, launcher, "gw-cds");
    assertThat(without)
        .contains("org.citysense.agent.Agent source: file:")
        .doesNotContain("shared objects file (top)");
  }

  private static List<Path> archives(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
    }
  }

  /** Runs the agent until it says it started, stops it as systemd does; its stdout and stderr. */
  private static String runUntilStartedThenStop(
      Path dir, Map<String, String> env, String launcher, String gateway) throws Exception {
    Path out = Files.createTempFile("install-it", ".out");
    ProcessBuilder pb =
        new ProcessBuilder(launcher, "run", "--config", "agent.yaml")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    clean(pb.environment()).putAll(env);
    Process p = pb.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (!Files.readString(out).contains("edge-agent: gateway " + gateway)) {
        assertThat(p.isAlive()).as(Files.readString(out)).isTrue();
        assertThat(System.nanoTime()).as("started within a minute").isLessThan(deadline);
        Thread.sleep(100);
      }
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(1, TimeUnit.MINUTES)).as("stopped").isTrue();
      return Files.readString(out);
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(out);
    }
  }

  @Test
  void theExampleConfigLoadsAndKeepsTheAgentsStateInVarLib() throws IOException {
    Path example = home().resolve("etc/agent.yaml.example");
    AgentConfig c =
        new AgentConfigLoader()
            .parse(
                "agent.yaml",
                Files.readString(example, StandardCharsets.UTF_8),
                Path.of("/etc/citysense-agent"))
            .config();
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/citysense-agent"));
    assertThat(c.statusPort()).isEqualTo(8780);
    assertThat(c.cloud().tokenFile()).isEqualTo(Path.of("/etc/citysense-agent/gateway-token"));
    assertThat(c.devices()).isEmpty();
  }

  @Test
  void theUnitRunsTheInstalledLauncherAsTheServiceUser() throws IOException {
    String unit = Files.readString(home().resolve("systemd/citysense-edge-agent.service"));
    assertThat(unit.lines().map(String::strip))
        .contains(
            "User=citysense-agent",
            "Group=citysense-agent",
            "SupplementaryGroups=dialout",
            "ExecStart=/opt/citysense-agent/bin/edge-agent run --config"
                + " /etc/citysense-agent/agent.yaml",
            "Restart=on-failure",
            "RestartSec=5",
            "StateDirectory=citysense-agent",
            "ConfigurationDirectory=citysense-agent",
            "KillSignal=SIGTERM",
            "TimeoutStopSec=30",
            "NoNewPrivileges=yes",
            "ProtectSystem=strict",
            "ProtectHome=yes",
            "PrivateTmp=yes",
            "ReadWritePaths=/var/lib/citysense-agent /etc/citysense-agent",
            "WantedBy=multi-user.target");
  }

  /**
   * {@code systemd-analyze verify} in a root laid out as docs/install.md says: the tarball unpacked
   * to /opt/citysense-agent, the unit in /etc/systemd/system, the system's own units beside them.
   */
  @Test
  void systemdFindsNothingWrongWithTheUnit() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))
            && Files.isDirectory(Path.of("/usr/lib/systemd/system")),
        "systemd-analyze is not installed here");
    Path root = Files.createDirectories(unpacked.resolve("root"));
    Files.createDirectories(root.resolve("opt"));
    assertThat(run(root, Map.of(), "tar", "-xzf", tarball.toString(), "-C", "opt").code()).isZero();
    Files.move(root.resolve("opt").resolve(top), root.resolve("opt/citysense-agent"));
    Files.createDirectories(root.resolve("etc/systemd/system"));
    Files.copy(
        root.resolve("opt/citysense-agent/systemd/citysense-edge-agent.service"),
        root.resolve("etc/systemd/system/citysense-edge-agent.service"));
    Files.createDirectories(root.resolve("usr/lib/systemd"));
    assertThat(
            run(root, Map.of(), "cp", "-a", "/usr/lib/systemd/system", "usr/lib/systemd/").code())
        .isZero();
    Ran verify =
        run(
            root,
            Map.of(),
            "systemd-analyze",
            "verify",
            "--root=" + root,
            "citysense-edge-agent.service");
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out() + verify.err()).as("no warnings").isBlank();
  }

  /** The names in {@code dir}, sorted. */
  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Path home() {
    return unpacked.resolve(top);
  }

  /** The environment that makes the launcher use the JVM running this test. */
  private static Map<String, String> java() {
    return Map.of("JAVA_HOME", System.getProperty("java.home"));
  }
}
