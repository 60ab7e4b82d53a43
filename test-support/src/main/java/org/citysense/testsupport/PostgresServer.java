package org.citysense.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's, from {@code pg_config --bindir}) in a temporary folder, on a
 * free port of 127.0.0.1. By default it trusts every connection; {@link #withPasswords()} makes TCP
 * connections prove their password (scram-sha-256) as a production server does, while the Unix
 * socket in its folder still trusts (that is how {@link #psql} and {@link #emptyDatabase} get in).
 * initdb refuses root, so as root the server runs as user postgres. Its superuser is {@code
 * postgres}, without a password.
 */
public final class PostgresServer implements AutoCloseable {
  private static final String OS_USER = "postgres";

  private final Path folder;
  private final Path data;
  private final Path bin;
  private final int port;
  private final boolean asRoot = "root".equals(System.getProperty("user.name"));

  /** A server that trusts every connection, whatever the password. */
  public PostgresServer() throws IOException, InterruptedException {
    this("trust");
  }

  /** A server whose TCP connections must give the role's password. */
  public static PostgresServer withPasswords() throws IOException, InterruptedException {
    return new PostgresServer("scram-sha-256");
  }

  private PostgresServer(String hostAuth) throws IOException, InterruptedException {
    bin = Path.of(output(List.of("pg_config", "--bindir")).strip());
    folder = Files.createTempDirectory("citysense-pg");
    data = folder.resolve("data");
    port = freePort();
    if (asRoot) {
      UserPrincipal owner =
          folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
      Files.setOwner(folder, owner);
    }
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    run(
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        "postgres",
        "--auth-local=trust",
        "--auth-host=" + hostAuth,
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync");
    start();
  }

  /**
   * Starts the server again after {@link #stop()}: same port, same data. Returns once it takes
   * connections.
   */
  public void start() throws IOException, InterruptedException {
    run(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        folder.resolve("server.log").toString(),
        "-w",
        "-o",
        "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "start");
  }

  /**
   * Stops the server as an operator would ({@code pg_ctl stop -m fast}: open sessions are ended),
   * keeping its data for {@link #start()}. Returns once it is down.
   */
  public void stop() throws IOException, InterruptedException {
    run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
  }

  public int port() {
    return port;
  }

  /** The JDBC URL of {@code database} on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /**
   * A new, empty database (with {@code createdb}), e.g. for an application that migrates it itself.
   *
   * @return its JDBC URL
   */
  public String emptyDatabase(String name) throws IOException, InterruptedException {
    run(
        bin.resolve("createdb").toString(),
        "-h",
        folder.toString(),
        "-p",
        Integer.toString(port),
        "-U",
        "postgres",
        name);
    return jdbcUrl(name);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        stop();
      }
    } finally {
      delete(folder);
    }
  }

  private void run(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asRoot) {
      full.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    full.addAll(List.of(command));
    String out = output(full);
    if (out == null) {
      throw new IllegalStateException("failed: " + String.join(" ", full));
    }
  }

  /** The command's output; throws with it when the command fails. */
  private String output(List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("citysense-pg-cmd", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .directory(Path.of("/tmp").toFile())
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      String out = Files.readString(log);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n" + out);
      }
      return out;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Runs SQL as the superuser with {@code psql}, over the Unix socket. */
  public void psql(String sql) throws IOException, InterruptedException {
    run(
        bin.resolve("psql").toString(),
        "-h",
        folder.toString(),
        "-p",
        Integer.toString(port),
        "-U",
        "postgres",
        "-d",
        "postgres",
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        sql);
  }

  private static void delete(Path path) throws IOException {
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
