package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCliTest {
  @TempDir Path dir;
  private FakeCloud cloud;
  private Path config;
  private String before;

  @BeforeEach
  void provisioned() throws IOException {
    cloud = new FakeCloud();
    config = dir.resolve("agent.yaml");
    before =
        "# the pump house\n"
            + "gateway: {id: "
            + FakeCloud.GATEWAY
            + "}\n"
            + "cloud:\n"
            + "  url: "
            + cloud.url()
            + "   # the city's cloud\n"
            + "devices:\n"
            + "  # by the boiler\n"
            + "  - {id: gas-1, profile: gas-lel-modbus, modbus-rtu: {port: /dev/ttyUSB0, unitId: 7}}\n"
            + "\n"
            + "# end\n";
    Files.writeString(config, before);
    Files.writeString(dir.resolve("gateway-token"), FakeCloud.TOKEN + "\n");
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private CliRun device(String... args) {
    List<String> all = new ArrayList<>(List.of("device"));
    all.addAll(List.of(args));
    all.addAll(List.of("--config", config.toString()));
    return CliRun.of(all.toArray(String[]::new));
  }

  private AgentConfig load() {
    return new AgentConfigLoader().load(config).config();
  }

  private DeviceInstance loaded(String id) {
    return load().devices().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void addRegistersWithTheCloudThenAppendsToTheConfig() throws Exception {
    CliRun run =
        device(
            "add",
            "pm-1",
            "--profile",
            "pm25-rs485",
            "--modbus-tcp",
            "10.0.0.5:1502",
            "--unit-id",
            "3",
            "--station",
            "st-1",
            "--interval",
            "pm2_5=10s",
            "--interval",
            "pm10=20s");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "device pm-1 added to "
                + config
                + "; registered with the cloud at "
                + cloud.url()
                + "\n");
    assertThat(Files.readString(config))
        .isEqualTo(
            before.replace(
                "unitId: 7}}\n",
                "unitId: 7}}\n  - {id: pm-1, profile: pm25-rs485, modbus-tcp: {host: 10.0.0.5,"
                    + " port: 1502, unitId: 3}, station: st-1, intervals: {pm2_5: 10s, pm10:"
                    + " 20s}}\n"));
    DeviceInstance pm = loaded("pm-1");
    assertThat(pm.transport()).isEqualTo(new Transport.ModbusTcp("10.0.0.5", 1502, 3));
    assertThat(pm.station()).isEqualTo("st-1");
    assertThat(pm.intervals()).containsEntry("pm2_5", Duration.ofSeconds(10));

    assertThat(cloud.authorizations).containsExactly("Bearer " + FakeCloud.TOKEN);
    assertThat(cloud.devices).hasSize(1);
    assertThat(cloud.devices.get(0).path("id").asText()).isEqualTo("pm-1");
    assertThat(cloud.devices.get(0).path("profile").asText()).isEqualTo("pm25-rs485");
    assertThat(cloud.devices.get(0).path("stationId").asText()).isEqualTo("st-1");
    assertThat(cloud.devices.get(0).path("householdId").isNull()).isTrue();
  }

  @Test
  void addsEachTransport() {
    assertThat(
            device(
                    "add",
                    "gas-2",
                    "--profile",
                    "gas-lel-modbus",
                    "--modbus-rtu",
                    "/dev/ttyUSB1",
                    "--unit-id",
                    "2",
                    "--baud",
                    "19200",
                    "--parity",
                    "N",
                    "--household",
                    "hh-12")
                .exit())
        .isZero();
    assertThat(device("add", "smoke-1", "--profile", "smoke-nbiot-mqtt", "--mqtt", "--unit", "c-1"))
        .extracting(CliRun::exit)
        .isEqualTo(0);
    assertThat(device("add", "wm-1", "--profile", "water-meter-coap", "--coap", "10.0.0.9").exit())
        .isZero();
    assertThat(device("add", "sds-1", "--profile", "pm25-sds011", "--serial", "/dev/ttyS1").exit())
        .isZero();

    Transport.ModbusRtu rtu = (Transport.ModbusRtu) loaded("gas-2").transport();
    assertThat(rtu.port()).isEqualTo("/dev/ttyUSB1");
    assertThat(rtu.unitId()).isEqualTo(2);
    assertThat(rtu.serial().baud()).isEqualTo(19200);
    assertThat(rtu.serial().parity()).isEqualTo(Parity.NONE);
    assertThat(loaded("gas-2").household()).isEqualTo("hh-12");
    assertThat(loaded("smoke-1").transport()).isEqualTo(new Transport.Mqtt(null));
    assertThat(loaded("smoke-1").unit()).isEqualTo("c-1");
    assertThat(loaded("wm-1").transport())
        .isEqualTo(new Transport.Coap("10.0.0.9", Transport.Coap.DEFAULT_PORT));
    assertThat(loaded("sds-1").transport()).isInstanceOf(Transport.SerialLine.class);
    assertThat(cloud.devices)
        .extracting(d -> d.path("id").asText())
        .containsExactly("gas-2", "smoke-1", "wm-1", "sds-1");
  }

  @Test
  void anUnknownProfileNamesTheKnownOnes() throws Exception {
    CliRun run = device("add", "x-1", "--profile", "pm99", "--modbus-tcp", "10.0.0.5");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err())
        .contains("device x-1 is not valid; nothing was changed")
        .contains("devices[1].profile: no profile \"pm99\"")
        .contains("known profiles: ")
        .contains("gas-lel-modbus")
        .contains("water-meter-coap");
    assertThat(Files.readString(config)).isEqualTo(before);
    assertThat(cloud.devices).isEmpty();
  }

  @Test
  void aDuplicateIdIsInvalid() throws Exception {
    CliRun run = device("add", "gas-1", "--profile", "gas-lel-modbus", "--modbus-tcp", "10.0.0.5");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("devices[1].id: \"gas-1\" is already used (line 7)");
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void anRtuLineKeepsItsSettings() throws Exception {
    CliRun run =
        device(
            "add",
            "gas-2",
            "--profile",
            "gas-lel-modbus",
            "--modbus-rtu",
            "/dev/ttyUSB0",
            "--unit-id",
            "8",
            "--baud",
            "19200");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("19200 8E1 differs from 9600 8E1 of gas-1 on the same port");
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void inFlightIsWrittenAndEveryDeviceOnTheEndpointMustGiveTheSame() throws Exception {
    CliRun first =
        device(
            "add",
            "tank-1",
            "--profile",
            "water-level-radar",
            "--modbus-tcp",
            "10.0.0.7",
            "--unit-id",
            "1",
            "--in-flight",
            "4",
            "--offline");
    assertThat(first.exit()).as(first.toString()).isZero();
    assertThat(Files.readString(config))
        .contains(
            "  - {id: tank-1, profile: water-level-radar, modbus-tcp: {host: 10.0.0.7, unitId: 1,"
                + " inFlight: 4}}\n");
    assertThat(loaded("tank-1").transport())
        .isEqualTo(new Transport.ModbusTcp("10.0.0.7", 502, 1, 4));
    String withOne = Files.readString(config);

    CliRun conflicting =
        device(
            "add",
            "tank-2",
            "--profile",
            "water-level-radar",
            "--modbus-tcp",
            "10.0.0.7:502",
            "--unit-id",
            "2",
            "--offline");

    assertThat(conflicting.exit()).as(conflicting.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(conflicting.err())
        .contains("device tank-2 is not valid; nothing was changed")
        .contains(
            "tank-2 gives inFlight 1, but tank-1 (line 8) gives 4 for the same endpoint"
                + " 10.0.0.7:502");
    assertThat(Files.readString(config)).isEqualTo(withOne);
    CliRun list = device("list");
    assertThat(list.out()).contains("modbus-tcp 10.0.0.7:502 unit 1, 4 in flight");
  }

  @Test
  void aBadIntervalIsInvalid() throws Exception {
    CliRun run =
        device(
            "add",
            "pm-1",
            "--profile",
            "pm25-rs485",
            "--modbus-tcp",
            "10.0.0.5",
            "--interval",
            "pm2_5=soon",
            "--interval",
            "ozone=5s");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err())
        .contains("devices[1].intervals.pm2_5: ")
        .contains("profile pm25-rs485 has no point \"ozone\"");
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void optionsThatDoNotGoTogether() throws Exception {
    CliRun baud = device("add", "s-1", "--profile", "smoke-nbiot-mqtt", "--mqtt", "--baud", "9600");
    assertThat(baud.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(baud.err()).contains("--baud and --parity are for --modbus-rtu and --serial");
    CliRun two =
        device("add", "s-1", "--profile", "smoke-nbiot-mqtt", "--mqtt", "--coap", "10.0.0.1");
    assertThat(two.exit()).isEqualTo(ExitCodes.USAGE);
    CliRun inFlight =
        device(
            "add",
            "s-1",
            "--profile",
            "gas-lel-modbus",
            "--modbus-rtu",
            "/dev/ttyUSB0",
            "--in-flight",
            "2");
    assertThat(inFlight.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(inFlight.err()).contains("--in-flight is for --modbus-tcp");
    CliRun none = device("add", "s-1", "--profile", "smoke-nbiot-mqtt");
    assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void whenTheCloudRefusesTheConfigIsUnchanged() throws Exception {
    cloud.refuseDevicesWith = 400;
    cloud.refusal = "device pm-1 already exists; device ids are unique";
    cloud.refusalField = "id";

    CliRun run = device("add", "pm-1", "--profile", "pm25-rs485", "--modbus-tcp", "10.0.0.5");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.CLOUD_REFUSED);
    assertThat(run.err())
        .contains("the cloud refused (400, id): device pm-1 already exists; device ids are unique")
        .contains("--offline");
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void aHouseholdTheCloudDoesNotHaveIsNamedWithTheCallThatCreatesIt() throws Exception {
    // cloud-ingest's DeviceRepository: FieldException("householdId", "no household h-101") → 400
    cloud.refuseDevicesWith = 400;
    cloud.refusal = "no household h-101";
    cloud.refusalField = "householdId";

    CliRun run =
        device(
            "add",
            "gas-101",
            "--profile",
            "gas-lel-modbus",
            "--modbus-rtu",
            "/dev/ttyUSB1",
            "--unit-id",
            "7",
            "--household",
            "h-101");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.CLOUD_REFUSED);
    assertThat(run.err())
        .contains("the cloud refused (400, householdId): no household h-101")
        .contains("the household must exist in the cloud before its devices are added")
        .contains("POST /api/v1/households {id, unitId, name, address}")
        .contains("--offline")
        .contains(config + " was not changed")
        .doesNotContain("enrollment code");
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void aMissingStationOrUnitNamesItsOwnCall() throws Exception {
    cloud.refuseDevicesWith = 400;
    cloud.refusal = "no station st-9";
    cloud.refusalField = "stationId";
    CliRun station =
        device(
            "add",
            "pm-9",
            "--profile",
            "pm25-rs485",
            "--modbus-tcp",
            "10.0.0.5",
            "--station",
            "st-9");
    assertThat(station.err())
        .contains("the station must exist in the cloud")
        .contains("POST /api/v1/stations {id, unitId, name, lat, lon}");

    cloud.refusal = "no unit grid-3";
    cloud.refusalField = "unitId";
    CliRun unit =
        device("add", "s-1", "--profile", "smoke-nbiot-mqtt", "--mqtt", "--unit", "grid-3");
    assertThat(unit.exit()).as(unit.toString()).isEqualTo(ExitCodes.CLOUD_REFUSED);
    assertThat(unit.err())
        .contains("the unit must exist in the cloud")
        .contains("POST /api/v1/units {id, parentId, level, name}");
  }

  @Test
  void aHouseholdOutsideTheGatewaysUnitSaysWhereToLook() throws Exception {
    cloud.refuseDevicesWith = 400;
    cloud.refusal = "household h-9 is in unit c-002, outside unit c-001 of gateway gw-0007";
    cloud.refusalField = "householdId";

    CliRun run =
        device(
            "add",
            "pm-1",
            "--profile",
            "pm25-rs485",
            "--modbus-tcp",
            "10.0.0.5",
            "--household",
            "h-9");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.CLOUD_REFUSED);
    assertThat(run.err())
        .contains("outside unit c-001")
        .contains("a gateway adds devices only of its own unit and the units below it")
        .doesNotContain("must exist");
  }

  @Test
  void aRefusedTokenIsARefusal() throws Exception {
    Files.writeString(dir.resolve("gateway-token"), "revoked\n");

    CliRun run = device("add", "pm-1", "--profile", "pm25-rs485", "--modbus-tcp", "10.0.0.5");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.CLOUD_REFUSED);
    assertThat(run.err())
        .contains("(401): unknown or revoked token")
        .contains("the cloud does not take the gateway's token in")
        .contains("ask the operator")
        .doesNotContain("revoked\n");
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void whenTheCloudIsUnreachableTheConfigIsUnchanged() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    before = before.replace(cloud.url(), "http://127.0.0.1:" + closed);
    Files.writeString(config, before);

    CliRun run = device("add", "pm-1", "--profile", "pm25-rs485", "--modbus-tcp", "10.0.0.5");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.CLOUD_UNREACHABLE);
    assertThat(run.err())
        .contains("cannot reach the cloud at http://127.0.0.1:" + closed)
        .contains("was not changed");
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void offlineSkipsTheCloud() throws Exception {
    Files.writeString(config, "gateway: {id: gw-1}\ndevices: []\n");

    CliRun run =
        device("add", "pm-1", "--profile", "pm25-rs485", "--modbus-tcp", "10.0.0.5", "--offline");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("not registered with the cloud (--offline)");
    assertThat(Files.readString(config))
        .isEqualTo(
            "gateway: {id: gw-1}\ndevices:\n  - {id: pm-1, profile: pm25-rs485, modbus-tcp:"
                + " {host: 10.0.0.5, unitId: 1}}\n");
    assertThat(cloud.devices).isEmpty();
  }

  @Test
  void withoutACloudOnlyOfflineWorks() throws Exception {
    Files.writeString(config, "gateway: {id: gw-1}\ndevices: []\n");

    CliRun run = device("add", "pm-1", "--profile", "pm25-rs485", "--modbus-tcp", "10.0.0.5");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("provision the gateway first").contains("--offline");
  }

  @Test
  void anInvalidConfigIsReportedWithItsLines() throws Exception {
    Files.writeString(config, "gateway: {id: gw-1}\nstuck: {samples: 1}\ndevices: []\n");

    CliRun run = device("list");

    assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains(config + ":2: stuck.samples: ");
  }

  @Test
  void listShowsEveryDevice() {
    device("add", "pm-1", "--profile", "pm25-rs485", "--modbus-tcp", "10.0.0.5", "--station", "s1");
    device("add", "smoke-1", "--profile", "smoke-nbiot-mqtt", "--mqtt");

    CliRun run = device("list");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out().lines().toList())
        .hasSize(4)
        .satisfies(
            lines -> {
              assertThat(lines.get(0)).startsWith("ID").contains("PROFILE", "TRANSPORT");
              assertThat(lines.get(1))
                  .startsWith("gas-1")
                  .contains("gas-lel-modbus", "modbus-rtu /dev/ttyUSB0 unit 7 9600 8E1", " -");
              assertThat(lines.get(2)).contains("modbus-tcp 10.0.0.5:502 unit 1", "station s1");
              assertThat(lines.get(3)).contains("mqtt (the gateway's broker)");
            });
  }

  @Test
  void removeTakesOutTheDeviceAndSaysTheCloudKeepsIt() throws Exception {
    device("add", "pm-1", "--profile", "pm25-rs485", "--modbus-tcp", "10.0.0.5");

    CliRun run = device("remove", "pm-1");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("device pm-1 removed").contains("the cloud keeps its record");
    assertThat(Files.readString(config)).isEqualTo(before);

    CliRun last = device("remove", "gas-1");
    assertThat(last.exit()).isZero();
    assertThat(Files.readString(config)).contains("devices: []\n  # by the boiler\n\n# end\n");
    assertThat(load().devices()).isEmpty();
  }

  @Test
  void removingAnUnknownDeviceIsInvalid() throws Exception {
    CliRun run = device("remove", "nope");

    assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("no device \"nope\" in " + config + "; it has gas-1");
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void helpOfEachCommandHasExamplesAndExitCodes() {
    for (String command : List.of("add", "list", "remove")) {
      CliRun run = CliRun.of("device", command, "--help");
      assertThat(run.exit()).isZero();
      assertThat(run.out()).contains("edge-agent device " + command).contains("Exit codes: 0 done");
    }
  }
}
