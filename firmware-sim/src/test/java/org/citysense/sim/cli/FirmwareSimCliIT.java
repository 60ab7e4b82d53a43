package org.citysense.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.citysense.sim.opcua.UaClient;
import org.citysense.sim.testing.Command;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line as a technician uses it: list, run a device, read it with mbpoll, change it
 * through {@code ctl} while it runs.
 */
class FirmwareSimCliIT {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = FirmwareSimCli.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void listsScenariosAndProfilesOneLineEach() {
    assertThat(run("scenarios")).isZero();
    assertThat(out.toString().lines()).hasSize(15).anyMatch(l -> l.startsWith("gas-leak "));
    out.getBuffer().setLength(0);
    assertThat(run("profiles")).isZero();
    assertThat(out.toString().lines())
        .hasSize(9)
        .anyMatch(l -> l.startsWith("pm25-sds011 "))
        .anyMatch(l -> l.startsWith("pump-station-opcua   opcua "));
  }

  @Test
  void everyCommandHasHelpWithExamples() {
    for (String command : List.of("run", "site", "scenarios", "profiles", "ctl")) {
      out.getBuffer().setLength(0);
      assertThat(run(command, "--help")).isZero();
      assertThat(out.toString()).contains("Usage: firmware-sim " + command).contains("Example");
    }
  }

  @Test
  void badInputIsOneClearLineAndExitCodeOne() {
    assertThat(run("run", "--profile", "pm25", "--device-id", "x", "--modbus-tcp", "0"))
        .isEqualTo(FirmwareSimCli.INVALID);
    assertThat(err.toString())
        .startsWith("--profile:1: no profile pm25; known: alarm-button-mqtt,");
    err.getBuffer().setLength(0);
    assertThat(run("run", "--profile", "smoke-nbiot-mqtt", "--device-id", "x", "--modbus-tcp", "0"))
        .isEqualTo(FirmwareSimCli.INVALID);
    assertThat(err.toString().strip())
        .isEqualTo(
            "firmware-sim: profile smoke-nbiot-mqtt is a mqtt device; choose a transport for it");
    err.getBuffer().setLength(0);
    assertThat(run("run", "--profile", "pm25-rs485", "--device-id", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required argument");
  }

  @Test
  void aRunningDeviceIsReadByMbpollAndChangedByCtl() throws Exception {
    int modbusPort = freePort();
    int controlPort = freePort();
    CompletableFuture<Integer> sim =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    "run",
                    "--profile",
                    "gas-lel-modbus",
                    "--device-id",
                    "gas-101",
                    "--modbus-tcp",
                    "" + modbusPort,
                    "--unit",
                    "7",
                    "--control-port",
                    "" + controlPort,
                    "--duration",
                    "60s",
                    "--quiet"));
    awaitOutput("firmware-sim: 1 device(s) on modbus-tcp 127.0.0.1:" + modbusPort);

    assertThat(ctl(controlPort, "set", "gas-101", "gas", "23.5")).isZero();
    Command.Result read =
        Command.run(
            List.of(
                "mbpoll",
                "-m",
                "tcp",
                "-p",
                "" + modbusPort,
                "-a",
                "7",
                "-0",
                "-1",
                "-t",
                "3",
                "-r",
                "0",
                "-c",
                "1",
                "127.0.0.1"),
            Duration.ofSeconds(20));
    assertThat(read.output()).contains("[0]: \t235");

    assertThat(ctl(controlPort, "fault", "gas-101", "no-response")).isZero();
    Command.Result silent =
        Command.run(
            List.of(
                "mbpoll",
                "-m",
                "tcp",
                "-p",
                "" + modbusPort,
                "-a",
                "7",
                "-0",
                "-1",
                "-o",
                "0.3",
                "-t",
                "3",
                "-r",
                "0",
                "-c",
                "1",
                "127.0.0.1"),
            Duration.ofSeconds(20));
    assertThat(silent.output()).containsIgnoringCase("timed out");

    assertThat(ctl(controlPort, "set", "gas-101", "nosuch", "1")).isEqualTo(FirmwareSimCli.INVALID);
    assertThat(out.toString())
        .contains("device gas-101 has no point nosuch; it has gas, gas_alarm, valve");

    assertThat(ctl(controlPort, "stop")).isZero();
    assertThat(sim.get(30, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("firmware-sim: stopped");
  }

  @Test
  void aPumpStationServedOverOpcUaIsReadAndWrittenByAClient() throws Exception {
    int opcuaPort = freePort();
    int controlPort = freePort();
    CompletableFuture<Integer> sim =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    "run",
                    "--profile",
                    "pump-station-opcua",
                    "--device-id",
                    "pump-1",
                    "--opcua",
                    "" + opcuaPort,
                    "--opcua-path",
                    "/pumps",
                    "--control-port",
                    "" + controlPort,
                    "--duration",
                    "60s",
                    "--quiet"));
    String endpoint = "opc.tcp://127.0.0.1:" + opcuaPort + "/pumps";
    awaitOutput("firmware-sim: 1 device(s) on opcua " + endpoint + " devices pump-1 (4 nodes)");

    assertThat(ctl(controlPort, "set", "pump-1", "level", "3.9")).isZero();
    try (UaClient client = UaClient.session(endpoint, "127.0.0.1", opcuaPort)) {
      assertThat(client.read(new NodeId(2, "pump-1/Level")).getValue()).isEqualTo(new Variant(3.9));
      assertThat(client.write(new NodeId(2, "pump-1/GateOpen"), new Variant(false)))
          .isEqualTo(StatusCode.GOOD);
      assertThat(client.read(new NodeId(2, "pump-1/GateOpen")).getValue())
          .isEqualTo(new Variant(false));
    }

    assertThat(ctl(controlPort, "stop")).isZero();
    assertThat(sim.get(30, java.util.concurrent.TimeUnit.SECONDS)).isZero();
  }

  private int ctl(int port, String... words) {
    String[] args = new String[words.length + 3];
    args[0] = "ctl";
    args[1] = "--port";
    args[2] = "" + port;
    System.arraycopy(words, 0, args, 3, words.length);
    return run(args);
  }

  private void awaitOutput(String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!out.toString().contains(text)) {
      assertThat(System.nanoTime())
          .as("waiting for: " + text + "\nerr: " + err)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
