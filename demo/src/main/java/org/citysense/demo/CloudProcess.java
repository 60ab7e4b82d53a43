package org.citysense.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.citysense.testsupport.ChildProcess;

/**
 * cloud-ingest as a child process from its quarkus-app: the chosen port on 127.0.0.1, embedded H2
 * and reading store in the demo's folder, notifications through the demo's SMSC, the shared clock.
 */
final class CloudProcess implements AutoCloseable {
  private final ChildProcess child;
  private final Api admin;
  private final String adminToken;

  private CloudProcess(ChildProcess child, Api admin, String adminToken) {
    this.child = child;
    this.admin = admin;
    this.adminToken = adminToken;
  }

  /** Starts the one process of the embedded default; {@link #awaitReady} waits until it answers. */
  static CloudProcess start(Path jar, Path dir, int port, int smscPort, Map<String, String> clock)
      throws IOException {
    return start(jar, dir, "cloud", port, smscPort, clock, "admin-" + UUID.randomUUID());
  }

  /**
   * Starts one named process (its data in {@code <name>-data}, its log {@code logs/<name>.out})
   * with {@code extraEnv} (the clock, a cluster node's settings) and the given admin token, which
   * every node of a cluster shares.
   */
  static CloudProcess start(
      Path jar,
      Path dir,
      String name,
      int port,
      int smscPort,
      Map<String, String> extraEnv,
      String adminToken)
      throws IOException {
    Path data = Files.createDirectories(dir.resolve(name + "-data"));
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("CITYSENSE_DATA_DIR", data.toString());
    env.put("CITYSENSE_ADMIN_TOKEN", adminToken);
    env.put("CITYSENSE_NOTIFY_ENABLED", "true");
    env.put("CITYSENSE_NOTIFY_SMPP_HOST", "127.0.0.1");
    env.put("CITYSENSE_NOTIFY_SMPP_PORT", String.valueOf(smscPort));
    env.put("CITYSENSE_NOTIFY_SMPP_SYSTEM_ID", "citysense");
    env.put("CITYSENSE_NOTIFY_SMPP_PASSWORD", "demo");
    env.put("CITYSENSE_NOTIFY_SMPP_SOURCE", "10690000");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toAbsolutePath().toString());
    ChildProcess child = ChildProcess.start(name, command, env, dir, dir.resolve("logs"));
    return new CloudProcess(child, new Api("http://127.0.0.1:" + port, adminToken), adminToken);
  }

  /** Waits until it is ready (a minute or two on a busy machine); says why when it ended. */
  void awaitReady() throws InterruptedException {
    awaitReady(Duration.ofMinutes(4));
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (admin.status("/q/health/ready") != 200) {
      if (!child.isAlive()) {
        throw new DemoException(
            "cloud-ingest ended while starting; its log is in "
                + child.logDir()
                + "\n"
                + child.tails());
      }
      if (System.nanoTime() > deadline) {
        throw new DemoException(
            "cloud-ingest was not ready within "
                + timeout.toMinutes()
                + " min; see "
                + child.logDir());
      }
      Thread.sleep(250);
    }
  }

  Api admin() {
    return admin;
  }

  String adminToken() {
    return adminToken;
  }

  String baseUrl() {
    return admin.baseUrl();
  }

  boolean isAlive() {
    return child.isAlive();
  }

  @Override
  public void close() {
    child.close();
  }
}
