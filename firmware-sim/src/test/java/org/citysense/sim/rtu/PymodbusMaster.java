package org.citysense.sim.rtu;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.citysense.profiles.device.SerialSettings;

/**
 * Runs the pymodbus 3.0.0 RTU master script (test resource {@code pymodbus/rtu_client.py}) with
 * Debian's own python3, which has pymodbus, and returns its result per operation.
 */
final class PymodbusMaster {
  private static final String PYTHON = "/usr/bin/python3";
  private static final long TIMEOUT_SECONDS = 60;

  private final Path port;
  private final SerialSettings serial;

  PymodbusMaster(Path port, SerialSettings serial) {
    this.port = port;
    this.serial = serial;
  }

  /**
   * Runs {@code operations} (e.g. {@code hr:1:0:10}) in one session, in order.
   *
   * @return each operation's result line without the operation, e.g. {@code registers 1 2}
   */
  Map<String, String> run(String... operations) throws IOException, InterruptedException {
    Path out = Files.createTempFile("pymodbus", ".out");
    Path err = Files.createTempFile("pymodbus", ".err");
    try {
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              PYTHON,
              script().toString(),
              port.toString(),
              String.valueOf(serial.baud()),
              serial.parity().code(),
              String.valueOf(serial.stopBits())));
      command.addAll(List.of(operations));
      Process python =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!python.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        python.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError("pymodbus master still running after " + TIMEOUT_SECONDS + " s");
      }
      if (python.exitValue() != 0) {
        throw new AssertionError(
            "pymodbus master failed, exit " + python.exitValue() + ": " + Files.readString(err));
      }
      return results(Files.readAllLines(out, StandardCharsets.UTF_8), operations);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Map<String, String> results(List<String> lines, String[] operations) {
    Map<String, String> results = new LinkedHashMap<>();
    for (String line : lines) {
      int space = line.indexOf(' ');
      results.put(line.substring(0, space), line.substring(space + 1));
    }
    if (results.size() != operations.length) {
      throw new AssertionError("expected one line per operation, got " + lines);
    }
    return results;
  }

  private static Path script() {
    try {
      return Path.of(PymodbusMaster.class.getResource("/pymodbus/rtu_client.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
