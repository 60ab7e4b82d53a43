package org.citysense.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.citysense.testsupport.PeerProcess;
import org.citysense.testsupport.Poll;

/** A real Debian mosquitto on 127.0.0.1 with a config of the test's own, killed on close. */
public final class Mosquitto implements AutoCloseable {
  private final int port;
  private final PeerProcess process;

  private Mosquitto(int port, PeerProcess process) {
    this.port = port;
    this.process = process;
  }

  /** Starts a broker on {@code port} with its config in {@code dir}, and waits until it listens. */
  public static Mosquitto start(Path dir, int port) throws IOException, InterruptedException {
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

  public static Mosquitto start(Path dir) throws IOException, InterruptedException {
    return start(dir, Ports.freeTcpPort());
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  /** Publishes one message at QoS 1 with mosquitto_pub, and waits until it is sent. */
  public void publish(String topic, String payload) throws IOException, InterruptedException {
    publish(port, topic, payload);
  }

  /** Publishes with mosquitto_pub to any broker on 127.0.0.1:{@code port}. */
  public static void publish(int port, String topic, String payload)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            "mosquitto_pub",
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-q",
            "1",
            "-t",
            topic,
            "-m",
            payload);
    try (PeerProcess pub = PeerProcess.start(command)) {
      if (!pub.awaitExit(Duration.ofSeconds(15)) || pub.exitCode() != 0) {
        throw new IllegalStateException("mosquitto_pub failed\n" + pub.transcript());
      }
    }
  }

  public String transcript() {
    return process.transcript();
  }

  @Override
  public void close() {
    process.close();
  }
}
