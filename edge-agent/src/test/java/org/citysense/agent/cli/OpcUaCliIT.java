package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citysense.agent.modbus.testing.SimDevices;
import org.citysense.agent.testing.BareMiloServer;
import org.citysense.agent.testing.Ports;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.opcua.OpcUaDeviceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer's commands for OPC UA devices, against the simulator's pump station and a bare Milo
 * server: {@code device test}, {@code probe} of a configured point and of any node, {@code device
 * add --opcua} and {@code device list}.
 */
class OpcUaCliIT {
  private final SimDevices devices = new SimDevices();
  @TempDir Path dir;

  @Test
  void deviceTestListsEveryPumpStationPointRawAndDecoded() throws Exception {
    try (OpcUaDeviceServer server = pumpStation()) {
      CliRun run =
          CliRun.of("device", "test", "ps-1", "--config", config(server.endpoint()).toString());

      assertThat(run.exit).as("%s", run).isZero();
      assertThat(run.out)
          .contains("device ps-1 (pump-station-opcua) on opcua " + server.endpoint());
      assertThat(run.rowsAfter("POINT"))
          .hasSize(4)
          .anySatisfy(l -> assertThat(l).matches("level\\s+2.5\\s+2.5\\s+m\\s+good\\s*"))
          .anySatisfy(l -> assertThat(l).matches("outflow\\s+120.5\\s+120.5\\s+m³/h\\s+good\\s*"))
          .anySatisfy(l -> assertThat(l).matches("gate_open\\s+true\\s+true\\s+good\\s*"))
          .anySatisfy(
              l -> assertThat(l).matches("cabinet_temperature\\s+234\\s+23.4\\s+°C\\s+good\\s*"));
      assertThat(run.err).isEmpty();
    }
  }

  @Test
  void deviceTestOfAServerThatIsNotThereIsADeviceFaultWithoutAStackTrace() throws Exception {
    String endpoint = "opc.tcp://127.0.0.1:" + Ports.freeTcpPort() + "/pumps";

    CliRun run = CliRun.of("device", "test", "ps-1", "--config", config(endpoint).toString());

    assertThat(run.exit).as("%s", run).isEqualTo(ExitCodes.DEVICE_FAULT);
    assertThat(run.err)
        .contains("device ps-1 on opcua " + endpoint + ": cannot connect to " + endpoint)
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void probeOfAConfiguredPointShowsTheServedTypeAndTheReading() throws Exception {
    try (OpcUaDeviceServer server = pumpStation()) {
      CliRun run =
          CliRun.of("probe", "ps-1", "level", "--config", config(server.endpoint()).toString());

      assertThat(run.exit).as("%s", run).isZero();
      assertThat(run.out)
          .contains(
              "ps-1 level: node ns=2;s=ps-1/Level on " + server.endpoint() + ", configured float64")
          .contains("served: LREAL 2.5 → 2.5 m, good")
          .contains("hint: type: float64 is the type served");
    }
  }

  @Test
  void probeOfAnyNodeSaysWhatItHoldsAndWhetherTheTypeGivenIsServed() throws Exception {
    try (BareMiloServer bare = BareMiloServer.start("/milo")) {
      CliRun state =
          CliRun.of(
              "probe", "--opcua", bare.endpoint(), "--node", "ns=0;i=2259", "--type", "float64");
      CliRun unknown = CliRun.of("probe", "--opcua", bare.endpoint(), "--node", "ns=2;s=Nope");

      assertThat(state.exit).as("%s", state).isZero();
      assertThat(state.out)
          .contains("node ns=0;i=2259 on " + bare.endpoint() + ": DINT 0")
          .contains("the server serves DINT, that is type int32, not float64");
      assertThat(unknown.exit).as("%s", unknown).isEqualTo(ExitCodes.DEVICE_FAULT);
      assertThat(unknown.err)
          .contains(
              "node ns=2;s=Nope on " + bare.endpoint() + ": no such node (Bad_NodeIdUnknown)");
    }
  }

  @Test
  void probeWithoutADeviceOrANodeSaysWhatToGive() {
    CliRun run = CliRun.of("probe", "--opcua", "opc.tcp://127.0.0.1:4840");

    assertThat(run.exit).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err).contains("--opcua ENDPOINT and --node NODE go together");
  }

  @Test
  void deviceAddTakesAnEndpointAndDeviceListShowsIt() throws Exception {
    Path config =
        CliRun.config(
            dir, null, "{id: gas-1, profile: gas-lel-modbus, modbus-tcp: {host: 10.0.0.5}}");
    CliRun add =
        CliRun.of(
            "device",
            "add",
            "ps-9",
            "--profile",
            "pump-station-opcua",
            "--opcua",
            "opc.tcp://10.0.0.7:4840/pumps",
            "--offline",
            "--config",
            config.toString());
    CliRun list = CliRun.of("device", "list", "--config", config.toString());

    assertThat(add.exit).as("%s", add).isZero();
    assertThat(Files.readString(config))
        .contains(
            "{id: ps-9, profile: pump-station-opcua, opcua: {endpoint:"
                + " opc.tcp://10.0.0.7:4840/pumps}}");
    assertThat(list.out)
        .containsPattern("ps-9\\s+pump-station-opcua\\s+opcua opc.tcp://10.0.0.7:4840/pumps");
  }

  private OpcUaDeviceServer pumpStation() throws Exception {
    SimDevice ps1 =
        devices.create(
            "ps-1", "pump-station-opcua", new Transport.OpcUa("opc.tcp://127.0.0.1:4840/pumps"));
    ps1.set("level", Value.of(2.5));
    ps1.set("outflow", Value.of(120.5));
    ps1.set("gate_open", Value.of(true));
    ps1.set("cabinet_temperature", Value.of(23.4));
    OpcUaDeviceServer server = new OpcUaDeviceServer("127.0.0.1", 0, "/pumps", List.of(ps1));
    server.start();
    return server;
  }

  private Path config(String endpoint) throws Exception {
    return CliRun.config(
        dir,
        null,
        "{id: ps-1, profile: pump-station-opcua, opcua: {endpoint: \"" + endpoint + "\"}}");
  }
}
