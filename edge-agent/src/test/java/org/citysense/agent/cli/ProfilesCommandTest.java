package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProfilesCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = EdgeAgentCli.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void listShowsEveryBundledProfileOnOneLine() {
    assertThat(run("profiles", "list")).isZero();
    assertThat(out.toString().lines())
        .hasSize(9)
        .anySatisfy(l -> assertThat(l).startsWith("gas-lel-modbus").contains("modbus", " 3 points"))
        .anySatisfy(
            l -> assertThat(l).startsWith("pump-station-opcua").contains("opcua", " 4 points"));
  }

  @Test
  void showOfAnOpcUaProfileGivesEachPointsNodeAndType() {
    assertThat(run("profiles", "show", "pump-station-opcua")).isZero();
    assertThat(out.toString())
        .contains("pump-station-opcua: Generic PSC-UA (opcua)")
        .containsPattern("level\\s+water_level\\s+m\\s+ns=2;s=\\{deviceId\\}/Level float64")
        .containsPattern(
            "gate_open\\s+valve_open\\s+\\S*\\s+ns=2;s=\\{deviceId\\}/GateOpen bool \\(writable\\)");
  }

  @Test
  void showPrintsEveryPointAndHowItIsDecoded() {
    assertThat(run("profiles", "show", "water-meter-modbus")).isZero();
    assertThat(out.toString())
        .contains("water-meter-modbus: Generic UWM-485 (modbus)")
        .contains("serial: 9600 8E1")
        .containsPattern(
            "volume\\s+water_volume\\s+m³\\s+holding-register 0 uint32 CDAB\\s+×0.001");
  }

  @Test
  void showOfAnUnknownProfileSaysWhichExist() {
    assertThat(run("profiles", "show", "gas-lel")).isEqualTo(EdgeAgentCli.INVALID);
    assertThat(err.toString()).startsWith("gas-lel:1: no such profile; known: alarm-button-mqtt,");
  }

  @Test
  void validateReportsProblemsWithLineAndExitsOne(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("my-gauge.yaml");
    Files.writeString(
        good,
        "model: LG-1\nprotocol: modbus\npoints:\n"
            + "  - {name: level, quantity: water_level, unit: cm, address: 40003}\n");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        "model: X\nprotocol: modbus\npoints:\n"
            + "  - {name: level, quantity: water_level, unit: L, table: input-register, address: 0}\n");
    assertThat(run("profiles", "validate", good.toString(), bad.toString()))
        .isEqualTo(EdgeAgentCli.INVALID);
    assertThat(out.toString())
        .contains("hint: my-gauge.yaml:4: points[0].address: 40003 is a datasheet-style number")
        .contains("ok: " + good + " (1 points)");
    assertThat(err.toString().strip())
        .isEqualTo(
            "bad.yaml:4: points[0].unit: \"L\" cannot be converted to water_level (m); use one of"
                + " m, cm, mm");
  }

  @Test
  void everyCommandHasHelpWithExamples() {
    for (String[] args :
        new String[][] {
          {"--help"},
          {"profiles", "--help"},
          {"profiles", "list", "--help"},
          {"profiles", "show", "--help"},
          {"profiles", "validate", "--help"}
        }) {
      out.getBuffer().setLength(0);
      assertThat(run(args)).isZero();
      assertThat(out.toString()).contains("Usage:").contains("Example");
    }
  }

  @Test
  void wrongUsageExitsTwo() {
    assertThat(run("profiles", "validate")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
  }
}
