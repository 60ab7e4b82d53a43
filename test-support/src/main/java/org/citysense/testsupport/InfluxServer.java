package org.citysense.testsupport;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real InfluxDB 1.x ({@code influxd} from Debian's influxdb package) for integration tests: its
 * own config on free ports, data under {@code dir}, stopped by its PID. {@link #stop()} and {@link
 * #start()} again keep the port and the data.
 */
public final class InfluxServer implements AutoCloseable {
  private final Path dir;
  private final int httpPort;
  private final Path config;
  private Process process;

  public InfluxServer(Path dir) throws IOException {
    this.dir = dir;
    this.httpPort = freePort();
    this.config = dir.resolve("influxdb.conf");
    Files.writeString(config, config(dir, httpPort, freePort()));
  }

  public String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** Starts influxd and waits until /ping answers 204. */
  public void start() throws IOException, InterruptedException {
    process =
        new ProcessBuilder("influxd", "-config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("influxd exited: " + log());
      }
      if (pings()) {
        return;
      }
      Thread.sleep(50);
    }
    stop();
    throw new IllegalStateException("influxd did not answer /ping in 20 s: " + log());
  }

  /** Stops influxd by its PID (SIGTERM, then SIGKILL) and waits for it to end. */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    process = null;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private boolean pings() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(url() + "/ping").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(500);
      try {
        return c.getResponseCode() == 204;
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("influxd.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String config(Path dir, int httpPort, int rpcPort) {
    return """
        reporting-enabled = false
        bind-address = "127.0.0.1:%d"
        [meta]
          dir = "%s"
        [data]
          dir = "%s"
          wal-dir = "%s"
          query-log-enabled = false
        [http]
          bind-address = "127.0.0.1:%d"
          log-enabled = false
        [monitor]
          store-enabled = false
        [continuous_queries]
          enabled = false
        [logging]
          level = "warn"
        """
        .formatted(rpcPort, dir.resolve("meta"), dir.resolve("data"), dir.resolve("wal"), httpPort);
  }
}
