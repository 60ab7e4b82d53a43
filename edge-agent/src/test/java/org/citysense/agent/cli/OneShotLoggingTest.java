package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The installer's one-shot commands print only their own lines: a driver's log line (RtuMaster's
 * WARN about a serial port it cannot open) does not reach the console beside the command's own
 * message. {@code run} keeps the log.
 */
class OneShotLoggingTest {
  @TempDir Path dir;

  @Test
  void scanOfAMissingSerialPortPrintsItsOwnMessageOnly() {
    Captured c =
        captured(
            () ->
                CliRun.of(
                    "scan", "modbus", "--serial", "/dev/citysense-no-such-tty", "--units", "1-3"));
    assertThat(c.run.exit()).as("%s", c.run).isEqualTo(ExitCodes.DEVICE_FAULT);
    assertThat(c.run.err()).contains("/dev/citysense-no-such-tty");
    assertThat(c.stderr).as("the process's stderr besides the command's own").isEmpty();
  }

  @Test
  void deviceTestOfAnRtuDeviceOnAMissingPortPrintsItsOwnMessageOnly() throws Exception {
    Path config =
        CliRun.config(
            dir,
            null,
            "{id: gas-3, profile: gas-lel-modbus, modbus-rtu: {port: /dev/citysense-no-tty,"
                + " unitId: 7}}");
    Captured c =
        captured(() -> CliRun.of("device", "test", "gas-3", "--config", config.toString()));
    assertThat(c.run.exit()).as("%s", c.run).isEqualTo(ExitCodes.DEVICE_FAULT);
    assertThat(c.run.err()).contains("cannot open serial port /dev/citysense-no-tty");
    assertThat(c.stderr).as("the process's stderr besides the command's own").isEmpty();
  }

  @Test
  void theLogIsBackAfterTheCommand() {
    captured(() -> CliRun.of("profiles", "list"));
    Captured c =
        captured(
            () -> {
              LoggerFactory.getLogger("org.citysense.agent.modbusrtu.RtuMaster")
                  .warn("a warning of the agent");
              return null;
            });
    assertThat(c.stderr).contains("a warning of the agent");
  }

  record Captured(CliRun run, String stderr) {}

  /** Runs {@code what} with the process's stderr (where the log goes) captured. */
  private static Captured captured(Supplier<CliRun> what) {
    PrintStream was = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      CliRun run = what.get();
      return new Captured(run, bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(was);
    }
  }
}
