package org.citysense.agent.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.agent.testing.Commands.clean;
import static org.citysense.agent.testing.Commands.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.citysense.agent.modbus.testing.SimDevices;
import org.citysense.agent.testing.BareMiloServer;
import org.citysense.agent.testing.Commands.Ran;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.sim.opcua.OpcUaDeviceServer;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as {@code mvn package} lays it out, target/edge-agent.jar with target/lib/* on the
 * class path and PLC4X's jars in target/lib/opcua/, run by the checkout's bin/edge-agent in JVMs of
 * their own: OPC UA works with the jars of lib/opcua/, an agent with Modbus devices only never
 * loads PLC4X nor opens one of them, and without lib/opcua/ an OPC UA device says where it looked.
 * InstallLayoutIT runs OPC UA from the tarball's layout.
 */
class OpcUaLibsIT {
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path LAUNCHER = Path.of("../bin/edge-agent").toAbsolutePath().normalize();

  private final SimDevices devices = new SimDevices();
  @TempDir Path dir;

  @Test
  void probeReadsANodeWithPlc4xFromLibOpcuaAndTheAgentsOpcUaClassesInTheirLoader()
      throws Exception {
    try (BareMiloServer bare = BareMiloServer.start("/milo")) {
      Ran probe =
          edgeAgent(
              "probe", "--opcua", bare.endpoint(), "--node", "ns=0;i=2259", "--type", "int32");

      assertThat(probe.code()).as(probe.err()).isZero();
      assertThat(probe.out())
          .contains("node ns=0;i=2259 on " + bare.endpoint() + ": DINT 0")
          .contains("hint: --type int32 is the type served");
      assertThat(loaded("org.apache.plc4x."))
          .filteredOn(line -> line.contains(" source: file:"))
          .hasSizeGreaterThan(100)
          .allSatisfy(line -> assertThat(line).contains(" source: file:" + TARGET + "/lib/opcua/"));
      // defined from the agent's jar's bytes by the loader that sees lib/opcua/, not by the app's
      assertThat(loaded("org.citysense.agent.opcua.OpcUaDriver "))
          .singleElement()
          .asString()
          .endsWith("source: __JVM_DefineClass__");
    }
  }

  @Test
  void deviceTestReadsAPumpStationThroughTheDriverInItsOwnLoader() throws Exception {
    SimDevice ps1 =
        devices.create(
            "ps-1", "pump-station-opcua", new Transport.OpcUa("opc.tcp://127.0.0.1:4840/pumps"));
    ps1.set("level", Value.of(2.5));
    ps1.set("gate_open", Value.of(true));
    try (OpcUaDeviceServer server = new OpcUaDeviceServer("127.0.0.1", 0, "/pumps", List.of(ps1))) {
      server.start();
      Path config =
          config(
              "{id: ps-1, profile: pump-station-opcua, opcua: {endpoint: \""
                  + server.endpoint()
                  + "\"}}");

      Ran test = edgeAgent("device", "test", "ps-1", "--config", config.toString());

      assertThat(test.code()).as(test.err()).isZero();
      assertThat(test.out())
          .contains("device ps-1 (pump-station-opcua) on opcua " + server.endpoint())
          .containsPattern("level\\s+2.5\\s+2.5\\s+m\\s+good")
          .containsPattern("gate_open\\s+true\\s+true\\s+good");
    }
  }

  @Test
  void anAgentWithModbusDevicesOnlyNeitherLoadsPlc4xNorOpensAJarOfLibOpcua() throws Exception {
    SimDevice gas =
        devices.create("gas-1", "gas-lel-modbus", new Transport.ModbusTcp("127.0.0.1", 0, 7));
    ModbusSlave slave = new ModbusSlave(true);
    slave.add(7, gas);
    try (ModbusTcpServer tcp = new ModbusTcpServer("127.0.0.1", 0, slave)) {
      tcp.start();
      Path config =
          config(
              "{id: gas-1, profile: gas-lel-modbus, modbus-tcp: {host: 127.0.0.1, port: "
                  + tcp.boundPort()
                  + ", unitId: 7}, intervals: {gas: 500ms}}");
      Path out = dir.resolve("agent.out");
      ProcessBuilder pb =
          new ProcessBuilder(LAUNCHER.toString(), "run", "--config", config.toString())
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(dir.resolve("agent.err").toFile());
      clean(pb.environment()).putAll(environment());
      Process agent = pb.start();
      try {
        Poll.until(
            "five gas readings on the agent's output",
            Duration.ofSeconds(60),
            () -> count(out, "\"point\":\"gas\"") >= 5,
            () -> "stderr: " + read(dir.resolve("agent.err")));
        // bin/edge-agent execs the JVM: the process is the agent's
        Set<String> open = openFiles(agent.pid());
        assertThat(open).as("the listing works").contains(TARGET.resolve("edge-agent.jar") + "");
        assertThat(open)
            .filteredOn(f -> f.endsWith(".jar"))
            .hasSizeGreaterThan(10)
            .noneSatisfy(f -> assertThat(f).contains("/lib/opcua/"))
            .noneSatisfy(f -> assertThat(libOpcua()).contains(Path.of(f).getFileName() + ""));
      } finally {
        agent.destroy();
        if (!agent.waitFor(30, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      }
      assertThat(loaded("org.citysense.agent.modbustcp.")).as("the log works").isNotEmpty();
      assertThat(loaded("org.apache.plc4x.")).isEmpty();
      assertThat(loaded("org.citysense.agent.opcua.")).isEmpty();
    }
  }

  @Test
  void withoutLibOpcuaAnOpcUaDeviceSaysWhereItLookedAndWhatToDo() throws Exception {
    // the build's layout less lib/opcua/: the agent's jar copied (the JVM would follow a link to
    // where it was built, beside target/lib/opcua/), lib/*.jar linked
    Path home = Files.createDirectories(dir.resolve("agent"));
    Files.copy(TARGET.resolve("edge-agent.jar"), home.resolve("edge-agent.jar"));
    Path lib = Files.createDirectories(home.resolve("lib"));
    try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
      for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).toList()) {
        Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar);
      }
    }
    Path config =
        config("{id: ps-1, profile: pump-station-opcua, opcua: {endpoint: opc.tcp://127.0.0.1:1}}");

    Ran test =
        run(
            dir,
            Map.of(),
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            home.resolve("edge-agent.jar") + ":" + lib + "/*",
            "org.citysense.agent.cli.Main",
            "device",
            "test",
            "ps-1",
            "--config",
            config.toString());

    assertThat(test.code()).as(test.out()).isEqualTo(70);
    assertThat(test.err())
        .contains(
            "edge-agent: OPC UA needs the jars of lib/opcua/, and "
                + lib.resolve("opcua")
                + " does not exist: unpack the agent's tarball again")
        .doesNotContain("\tat ");
  }

  /** bin/edge-agent with {@code args}, its JVM logging each class it loads to classes.log. */
  private Ran edgeAgent(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    return run(dir, environment(), command.toArray(String[]::new));
  }

  /** This JVM's java first on the PATH, and the class loading logged. */
  private Map<String, String> environment() {
    String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
    return Map.of(
        "PATH",
        javaBin + ":" + System.getenv("PATH"),
        "EDGE_AGENT_JAVA_OPTS",
        "-Xmx64m -Xlog:class+load=info:file=" + dir.resolve("classes.log"));
  }

  /** The class-load lines of classes whose name starts with {@code prefix}. */
  private List<String> loaded(String prefix) throws IOException {
    return Files.readAllLines(dir.resolve("classes.log")).stream()
        .filter(l -> l.contains("[class,load] " + prefix))
        .toList();
  }

  private Path config(String device) throws IOException {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        "gateway: {id: gw-libs}\ndataDir: data\nstatus: {port: -1}\ndevices:\n  - "
            + device
            + "\n");
    return file;
  }

  /** The jar names of target/lib/opcua/. */
  private static Set<String> libOpcua() throws IOException {
    try (Stream<Path> jars = Files.list(TARGET.resolve("lib/opcua"))) {
      return jars.map(j -> j.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  /** What the process's file descriptors point at (/proc/PID/fd). */
  private static Set<String> openFiles(long pid) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.map(OpcUaLibsIT::target).collect(Collectors.toSet());
    }
  }

  private static String target(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException e) {
      return ""; // closed meanwhile
    }
  }

  private static long count(Path file, String fragment) {
    String text = read(file);
    return text.lines().filter(l -> l.contains(fragment)).count();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
