package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.citysense.agent.modbus.testing.PymodbusServer;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.sim.scenario.FaultType;
import org.citysense.sim.scenario.ScenarioCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge-agent probe}: a radar gauge whose level the simulator serves in CDAB, read with the
 * bundled profile (ABCD, wrong) and with a profile that says CDAB; pymodbus's water meter, whose
 * flow 12.5 L/h has a low word of 0, with the bundled profile (right) and an ABCD copy (wrong).
 */
class ProbeIT {
  /** water-level-radar with its level in CDAB: what the simulated gauge really does. */
  private static final String RADAR_CDAB =
      """
      model: RLG-80
      protocol: modbus
      points:
        - {name: level, quantity: water_level, unit: m, table: input-register, address: 0,
           type: float32, wordOrder: CDAB, range: {min: 0, max: 30}}
        - {name: temperature, quantity: temperature, table: input-register, address: 2,
           type: int16, scale: 0.1, range: {min: -40, max: 85}}
      """;

  @TempDir Path dir;
  private ModbusSlave slave;
  private ModbusTcpServer server;
  private SimDevice radar;

  @BeforeEach
  void start() throws Exception {
    Path simProfiles = Files.createDirectories(dir.resolve("sim-profiles"));
    Files.writeString(simProfiles.resolve("radar-cdab.yaml"), RADAR_CDAB);
    Clock clock = Clock.systemUTC();
    DeviceFactory factory =
        new DeviceFactory(
            ProfileCatalog.withFolder(simProfiles),
            clock,
            42,
            ZoneId.of("Asia/Shanghai"),
            clock.instant());
    DeviceInstance instance =
        new DeviceInstance(
            "radar-1",
            "radar-cdab",
            new Transport.ModbusTcp("x", 0, 1),
            null,
            null,
            null,
            null,
            Map.of(),
            Map.of());
    radar = factory.create(instance, ScenarioCatalog.bundled().compose("baseline", "test"));
    radar.set("level", Value.of(1.234));
    slave = new ModbusSlave(true);
    slave.add(1, radar);
    server = new ModbusTcpServer("127.0.0.1", 0, slave);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Path radarConfig(String profile, String profilesDir) throws Exception {
    return CliRun.config(
        dir,
        profilesDir,
        "{id: radar-1, profile: "
            + profile
            + ", modbus-tcp: {host: 127.0.0.1, port: "
            + server.boundPort()
            + ", unitId: 1}}");
  }

  @Test
  void aFloatServedInCdabWhileTheProfileSaysAbcdRanksCdabFirstWithTheHint() throws Exception {
    Path config = radarConfig("water-level-radar", null);
    CliRun run = CliRun.of("probe", "radar-1", "level", "--config", config.toString());
    assertThat(run.exit).as("%s", run).isZero();
    assertThat(run.out)
        .contains("radar-1 level: input-register 0-1 float32, configured ABCD, range [0.0, 30.0]")
        .containsPattern("registers: 0x\\w{4} 0x\\w{4}");
    List<String> rows = run.rowsAfter("ORDER");
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0)).matches("CDAB\\s+1.234\\s+m\\s+yes");
    assertThat(rows)
        .filteredOn(r -> r.endsWith("← configured"))
        .singleElement()
        .satisfies(r -> assertThat(r).startsWith("ABCD").contains("no, "));
    assertThat(run.out)
        .contains(
            "hint: the readings make sense in CDAB; set wordOrder: CDAB on point level of profile"
                + " water-level-radar");
  }

  @Test
  void theRightProfileRanksItsOrderFirstAndMarksItConfigured() throws Exception {
    Path profiles = Files.createDirectories(dir.resolve("profiles"));
    Files.writeString(profiles.resolve("radar-cdab.yaml"), RADAR_CDAB);
    Path config = radarConfig("radar-cdab", "profiles");
    CliRun run = CliRun.of("probe", "radar-1", "level", "--config", config.toString());
    assertThat(run.exit).as("%s", run).isZero();
    assertThat(run.rowsAfter("ORDER").get(0)).matches("CDAB\\s+1.234\\s+m\\s+yes\\s+← configured");
    assertThat(run.out)
        .contains("hint: the configured order CDAB is the only one that reads in range");
  }

  @Test
  void aSixteenBitPointHasTwoOrders() throws Exception {
    radar.set("temperature", Value.of(21.5));
    CliRun run =
        CliRun.of(
            "probe",
            "radar-1",
            "temperature",
            "--config",
            radarConfig("water-level-radar", null).toString());
    assertThat(run.exit).as("%s", run).isZero();
    List<String> rows = run.rowsAfter("ORDER");
    assertThat(rows).hasSize(2);
    // 215 = 0x00D7; swapped 0xD700 is -10496, -1049.6 °C
    assertThat(rows.get(0)).matches("ABCD\\s+21.5\\s+°C\\s+yes\\s+← configured");
    assertThat(rows.get(1)).startsWith("BADC").contains("-1049.6");
  }

  @Test
  void aSilentDeviceIsADeviceFault() throws Exception {
    radar.inject(FaultType.NO_RESPONSE, null, null, 0, Duration.ZERO);
    Path config = radarConfig("water-level-radar", null);
    CliRun run =
        CliRun.of("probe", "radar-1", "level", "--config", config.toString(), "--timeout", "1s");
    assertThat(run.exit).as("%s", run).isEqualTo(ExitCodes.DEVICE_FAULT);
    assertThat(run.err).contains("device radar-1 on modbus-tcp").contains("no answer (timeout 1s)");
  }

  @Test
  void anUnknownPointOrABitPointIsInvalid() throws Exception {
    Path config =
        CliRun.config(
            dir,
            null,
            "{id: gas-1, profile: gas-lel-modbus, modbus-tcp: {host: 127.0.0.1, port: "
                + server.boundPort()
                + ", unitId: 1}}");
    CliRun unknown = CliRun.of("probe", "gas-1", "lvl", "--config", config.toString());
    assertThat(unknown.exit).isEqualTo(ExitCodes.INVALID);
    assertThat(unknown.err).contains("has no point lvl; its points: gas, gas_alarm, valve");
    CliRun bit = CliRun.of("probe", "gas-1", "valve", "--config", config.toString());
    assertThat(bit.exit).isEqualTo(ExitCodes.INVALID);
    assertThat(bit.err)
        .contains("probing word order does not apply to point valve of gas-1: it is a single bit");
    assertThat(slave.requests()).as("nothing was read").isZero();
  }

  @Test
  void pymodbusWaterMeterFlowWithTheRightAndAWrongProfile() throws Exception {
    Path profiles = Files.createDirectories(dir.resolve("profiles"));
    String bundled =
        new String(
            ProbeIT.class.getResourceAsStream("/profiles/water-meter-modbus.yaml").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    String abcd =
        bundled.replace("type: float32\n    wordOrder: CDAB", "type: float32\n    wordOrder: ABCD");
    assertThat(abcd).isNotEqualTo(bundled);
    Files.writeString(profiles.resolve("meter-abcd.yaml"), abcd);
    try (PymodbusServer pymodbus = PymodbusServer.tcp()) {
      String transport = "modbus-tcp: {host: 127.0.0.1, port: " + pymodbus.port() + ", unitId: 3}}";
      Path config =
          CliRun.config(
              dir,
              "profiles",
              "{id: meter-ok, profile: water-meter-modbus, " + transport,
              "{id: meter-abcd, profile: meter-abcd, " + transport);
      CliRun right = CliRun.of("probe", "meter-ok", "flow", "--config", config.toString());
      assertThat(right.exit).as("%s\n%s", right, pymodbus.transcript()).isZero();
      assertThat(right.out).contains("registers: 0x0000 0x4148");
      List<String> rows = right.rowsAfter("ORDER");
      assertThat(rows.get(0)).matches("CDAB\\s+\\S+\\s+\\S+\\s+yes\\s+← configured");
      // 0x00004148 is about 2.3e-41: inside the range, but no meter's flow
      assertThat(rows.get(1)).startsWith("ABCD").contains("next to 0");

      CliRun wrong = CliRun.of("probe", "meter-abcd", "flow", "--config", config.toString());
      assertThat(wrong.exit).as("%s", wrong).isZero();
      assertThat(wrong.rowsAfter("ORDER").get(0)).startsWith("CDAB").endsWith("yes");
      assertThat(wrong.out)
          .contains(
              "hint: the readings make sense in CDAB; set wordOrder: CDAB on point flow"
                  + " of profile meter-abcd");
    }
  }
}
