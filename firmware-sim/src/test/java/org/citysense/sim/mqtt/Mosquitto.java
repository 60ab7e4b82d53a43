package org.citysense.sim.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.citysense.sim.testing.Ports;
import org.citysense.testsupport.PeerProcess;
import org.citysense.testsupport.Poll;

/** A real Debian mosquitto on 127.0.0.1 with a config of the test's own, killed on close. */
final class Mosquitto implements AutoCloseable {
  private final int port;
  private final PeerProcess process;

  private Mosquitto(int port, PeerProcess process) {
    this.port = port;
    this.process = process;
  }

  /** Starts a broker on {@code port} with its config in {@code dir}, and waits until it listens. */
  static Mosquitto start(Path dir, int port) throws IOException, InterruptedException {
    Path conf = dir.resolve("mosquitto-" + port + ".conf");
    Files.writeString(
        conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
    PeerProcess process = PeerProcess.start(List.of("mosquitto", "-c", conf.toString()));
    try {
      Poll.until(
          "mosquitto to listen on " + port,
          Duration.ofSeconds(15),
          () -> !process.isAlive() || Ports.accepting(port),
          process::transcript);
      if (!process.isAlive()) {
        throw new IllegalStateException("mosquitto did not start\n" + process.transcript());
      }
    } catch (RuntimeException | Error | InterruptedException e) {
      process.close();
      throw e;
    }
    return new Mosquitto(port, process);
  }

  static Mosquitto start(Path dir) throws IOException, InterruptedException {
    return start(dir, Ports.freeTcpPort());
  }

  int port() {
    return port;
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  String transcript() {
    return process.transcript();
  }

  @Override
  public void close() {
    process.close();
  }
}
