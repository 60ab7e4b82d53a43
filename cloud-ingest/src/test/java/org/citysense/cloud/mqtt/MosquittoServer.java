package org.citysense.cloud.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker (Debian's {@code /usr/sbin/mosquitto}) for tests: its own config on a
 * free port of 127.0.0.1, anonymous, no persistence, stopped by its PID.
 */
final class MosquittoServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process process;

  MosquittoServer(Path dir) throws IOException {
    this.dir = dir;
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  void start() throws IOException, InterruptedException {
    Path config = dir.resolve("mosquitto.conf");
    Files.writeString(
        config,
        """
        listener %d 127.0.0.1
        allow_anonymous true
        persistence false
        user %s
        log_dest stderr
        """
            .formatted(port, System.getProperty("user.name")));
    process =
        new ProcessBuilder("/usr/sbin/mosquitto", "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("mosquitto.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    close();
    throw new IllegalStateException("mosquitto did not listen in 10 s");
  }

  @Override
  public void close() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    process = null;
  }
}
