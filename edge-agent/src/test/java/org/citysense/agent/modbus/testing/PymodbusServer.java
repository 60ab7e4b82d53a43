package org.citysense.agent.modbus.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.testsupport.Poll;

/**
 * The pymodbus 3.0.0 server of test resource {@code pymodbus/modbus_server.py}, run with Debian's
 * own python3 (which has pymodbus): known values on units 1, 2 and 3, and one stdout line per
 * request it served, e.g. {@code read 1 3 0 10} or {@code write 2 15 0 1}. Killed by its PID on
 * close.
 */
public final class PymodbusServer implements AutoCloseable {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Duration START_LIMIT = Duration.ofSeconds(20);

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final StringBuffer errors = new StringBuffer();
  private final int port;

  private PymodbusServer(List<String> command, int port) throws IOException {
    this.port = port;
    this.process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    collect(process.getInputStream(), lines::add, "pymodbus-stdout");
    collect(process.getErrorStream(), l -> errors.append(l).append('\n'), "pymodbus-stderr");
  }

  /** A Modbus TCP server on a free port of 127.0.0.1. */
  public static PymodbusServer tcp() throws IOException, InterruptedException {
    int port = freePort();
    return started(List.of(PYTHON, script(), "tcp", String.valueOf(port)), port);
  }

  /** A Modbus RTU server on the serial port {@code device}. */
  public static PymodbusServer rtu(Path device, SerialSettings serial)
      throws IOException, InterruptedException {
    return started(
        List.of(
            PYTHON,
            script(),
            "rtu",
            device.toString(),
            String.valueOf(serial.baud()),
            serial.parity().code(),
            String.valueOf(serial.stopBits())),
        0);
  }

  /** The TCP port it serves on. */
  public int port() {
    return port;
  }

  /** The request lines so far, e.g. {@code read 1 3 0 10}. */
  public List<String> requests() {
    return lines.stream().filter(l -> !l.equals("ready")).toList();
  }

  /** What it printed, for failure messages. */
  public String transcript() {
    return "stdout:\n" + String.join("\n", lines) + "\nstderr:\n" + errors;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static PymodbusServer started(List<String> command, int port)
      throws IOException, InterruptedException {
    PymodbusServer server = new PymodbusServer(command, port);
    try {
      Poll.until(
          "pymodbus server ready",
          START_LIMIT,
          () -> server.lines.contains("ready") || !server.process.isAlive(),
          server::transcript);
      if (!server.process.isAlive()) {
        throw new IOException("pymodbus server exited:\n" + server.transcript());
      }
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String script() {
    try {
      return Path.of(PymodbusServer.class.getResource("/pymodbus/modbus_server.py").toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void collect(
      java.io.InputStream stream, java.util.function.Consumer<String> into, String name) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  into.accept(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Request lines that start with {@code prefix}, e.g. "read 1 " for unit 1's reads. */
  public List<String> requests(String prefix) {
    List<String> out = new ArrayList<>();
    for (String l : requests()) {
      if (l.startsWith(prefix)) {
        out.add(l);
      }
    }
    return out;
  }
}
