package org.citysense.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker (Debian's {@code /usr/sbin/mosquitto}) for tests: its own config on a
 * free port of 127.0.0.1, no persistence, stopped by its PID. Either anonymous, or with accounts in
 * a password file ({@code mosquitto_passwd}) and an ACL file, as a production broker is set up
 * (docs/operations.md); accounts added while it runs take effect on {@link #reload()}. Or with the
 * dynamic security plugin ({@link #withDynamicSecurity}): accounts changed over MQTT by its admin,
 * kept in its JSON file across restarts.
 */
public final class MosquittoServer implements AutoCloseable {
  /** Where Debian puts the plugin (multiarch), first match wins. */
  private static final List<String> DYNSEC_PLUGINS =
      List.of(
          "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
          "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so",
          "/usr/lib/mosquitto_dynamic_security.so");

  private final Path dir;
  private final int port;
  private final String acl;
  private final String[] dynsecAdmin;
  private Process process;

  /** An anonymous broker: anyone may publish and subscribe anything. */
  public MosquittoServer(Path dir) throws IOException {
    this(dir, null);
  }

  /**
   * A broker that lets in only the accounts of its password file, each limited by {@code acl}.
   *
   * @param acl the ACL file's text ({@code user}, {@code topic}, {@code pattern} lines), or null
   *     for an anonymous broker
   */
  public MosquittoServer(Path dir, String acl) throws IOException {
    this(dir, acl, null);
  }

  private MosquittoServer(Path dir, String acl, String[] dynsecAdmin) throws IOException {
    this.dir = dir;
    this.acl = acl;
    this.dynsecAdmin = dynsecAdmin;
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
  }

  /**
   * A broker whose accounts are those of the dynamic security plugin; at first only {@code admin},
   * who may change them on {@code $CONTROL/dynamic-security/v1} ({@code mosquitto_ctrl dynsec
   * init}). A restart keeps what was changed.
   */
  public static MosquittoServer withDynamicSecurity(Path dir, String admin, String password)
      throws IOException {
    return new MosquittoServer(dir, null, new String[] {admin, password});
  }

  /** The password of the dynamic security admin (only with {@link #withDynamicSecurity}). */
  public String dynsecAdminPassword() {
    return dynsecAdmin[1];
  }

  /** The dynamic security plugin's JSON file (only with {@link #withDynamicSecurity}). */
  public Path dynsecFile() {
    return dir.resolve("dynamic-security.json");
  }

  public int port() {
    return port;
  }

  /** The password file (only with an ACL). */
  public Path passwordFile() {
    return dir.resolve("mosquitto.passwd");
  }

  public Path log() {
    return dir.resolve("mosquitto.log");
  }

  public void start() throws IOException, InterruptedException {
    StringBuilder config = new StringBuilder();
    config.append("per_listener_settings false\n");
    config.append("listener ").append(port).append(" 127.0.0.1\n");
    config.append("persistence false\n");
    // as root it would switch to user mosquitto, who cannot read the test's folder
    config.append("user ").append(System.getProperty("user.name")).append('\n');
    config.append("log_dest stderr\n");
    if (dynsecAdmin != null) {
      if (!Files.exists(dynsecFile())) {
        run(
            List.of(
                "mosquitto_ctrl",
                "dynsec",
                "init",
                dynsecFile().toString(),
                dynsecAdmin[0],
                dynsecAdmin[1]));
      }
      String plugin =
          DYNSEC_PLUGINS.stream()
              .filter(p -> Files.exists(Path.of(p)))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("no mosquitto_dynamic_security.so in /usr/lib"));
      config.append("allow_anonymous false\n");
      config.append("plugin ").append(plugin).append('\n');
      config.append("plugin_opt_config_file ").append(dynsecFile()).append('\n');
    } else if (acl == null) {
      config.append("allow_anonymous true\n");
    } else {
      Files.writeString(dir.resolve("mosquitto.acl"), acl);
      if (!Files.exists(passwordFile())) {
        Files.createFile(passwordFile());
      }
      config.append("allow_anonymous false\n");
      config.append("password_file ").append(passwordFile()).append('\n');
      config.append("acl_file ").append(dir.resolve("mosquitto.acl")).append('\n');
    }
    Path file = dir.resolve("mosquitto.conf");
    Files.writeString(file, config);
    process =
        new ProcessBuilder("/usr/sbin/mosquitto", "-c", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("mosquitto exited: " + Files.readString(log()));
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

  /**
   * Adds (or changes) an account in the password file with {@code mosquitto_passwd -b}; a running
   * broker reads it on {@link #reload()}.
   */
  public void addAccount(String user, String password) throws IOException, InterruptedException {
    if (!Files.exists(passwordFile())) {
      Files.createFile(passwordFile());
    }
    run(List.of("mosquitto_passwd", "-b", passwordFile().toString(), user, password));
  }

  /** SIGHUP: the broker reads its password and ACL files again (as {@code systemctl reload}). */
  public void reload() throws IOException, InterruptedException {
    if (process == null) {
      throw new IllegalStateException("mosquitto is not running");
    }
    run(List.of("kill", "-HUP", Long.toString(process.pid())));
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("did not end: " + String.join(" ", command));
    }
    String out = new String(p.getInputStream().readAllBytes());
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n" + out);
    }
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
