package org.citysense.cloud.testdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server (Debian's, from {@code pg_config --bindir}) in a temporary folder, on a
 * free port of 127.0.0.1. initdb refuses root, so as root the server runs as user postgres.
 */
public final class PostgresServer implements AutoCloseable {
  private static final String OS_USER = "postgres";

  private final Path folder;
  private final Path data;
  private final Path bin;
  private final int port;
  private final boolean asRoot = "root".equals(System.getProperty("user.name"));
  private final AtomicInteger databases = new AtomicInteger();

  public PostgresServer() throws IOException, InterruptedException {
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
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync");
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

  /** A new, empty, migrated database. */
  DataSource freshDatabase() {
    String name = "test" + databases.incrementAndGet();
    try (Connection c = dataSource("postgres").getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return Migrated.migrate(dataSource(name));
  }

  /**
   * A new, empty database that its user (postgres, no password) migrates itself, e.g. a Quarkus
   * application with Flyway at start.
   *
   * @return its JDBC URL
   */
  public String emptyDatabase(String name) {
    try (Connection c = dataSource("postgres").getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
  }

  private DataSource dataSource(String database) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"127.0.0.1"});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName(database);
    ds.setUser("postgres");
    return ds;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
    } finally {
      TempFolders.delete(folder);
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

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
