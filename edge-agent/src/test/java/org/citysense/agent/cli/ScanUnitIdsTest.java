package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ScanUnitIdsTest {

  @Test
  void rangesAndSingleIdsInAscendingOrderOnce() {
    assertThat(UnitIds.parse("20-22,1-3, 15,2").ids()).containsExactly(1, 2, 3, 15, 20, 21, 22);
    assertThat(UnitIds.parse("1-247").ids()).hasSize(247);
  }

  @Test
  void idsOutsideOneTo247AndBadRangesAreRefused() {
    assertThatThrownBy(() -> UnitIds.parse("0-3"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("unit id 0 is not 1..247");
    assertThatThrownBy(() -> UnitIds.parse("248")).hasMessageContaining("248");
    assertThatThrownBy(() -> UnitIds.parse("9-3")).hasMessageContaining("runs backwards");
    assertThatThrownBy(() -> UnitIds.parse("1-2-3")).hasMessageContaining("\"1-2-3\"");
    assertThatThrownBy(() -> UnitIds.parse("a")).hasMessageContaining("\"a\" is not a number");
  }

  @Test
  void aBadUnitListIsAUsageError() {
    CliRun run = CliRun.of("scan", "modbus", "--host", "127.0.0.1", "--units", "0-5");
    assertThat(run.exit).as("%s", run).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("unit id 0 is not 1..247");
  }

  @Test
  void hostAndSerialExcludeEachOtherAndOneIsNeeded() {
    assertThat(CliRun.of("scan", "modbus").exit).isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.of("scan", "modbus", "--host", "h", "--serial", "/dev/x").exit)
        .isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.of("scan", "modbus", "--host", "h", "--function", "6").err)
        .contains("--function is 3, 4, 1 or 2, not 6");
  }

  @Test
  void everyNewCommandsHelpHasExamplesAndTheExitCodes() {
    for (String[] command :
        new String[][] {{"device", "test"}, {"scan", "modbus"}, {"probe"}, {"device"}}) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      CliRun run = CliRun.of(args);
      assertThat(run.exit).as(String.join(" ", command)).isZero();
      assertThat(run.out).as(String.join(" ", command)).contains("Example");
      if (command.length > 1 || command[0].equals("probe")) {
        // picocli wraps the footer at 80 columns
        String flat = run.out.replaceAll("\\s+", " ");
        assertThat(flat)
            .contains(ExitCodes.HELP[1].strip().replaceAll("\\s+", " "))
            .contains(ExitCodes.HELP[2].strip().replaceAll("\\s+", " "));
      }
    }
  }
}
