package org.citysense.cloud.testdb;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The shared real PostgreSQL server of test-support, with what the database tests need on top: a
 * fresh database migrated by this project's Flyway scripts.
 */
public final class PostgresServer implements AutoCloseable {
  private final org.citysense.testsupport.PostgresServer server;
  private final AtomicInteger databases = new AtomicInteger();

  public PostgresServer() throws IOException, InterruptedException {
    server = new org.citysense.testsupport.PostgresServer();
  }

  /** A new, empty, migrated database. */
  DataSource freshDatabase() {
    String name = "test" + databases.incrementAndGet();
    try {
      server.emptyDatabase(name);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating database " + name, e);
    }
    return Migrated.migrate(dataSource(name));
  }

  /**
   * A new, empty database that its user (postgres, no password) migrates itself, e.g. a Quarkus
   * application with Flyway at start.
   *
   * @return its JDBC URL
   */
  public String emptyDatabase(String name) throws IOException, InterruptedException {
    return server.emptyDatabase(name);
  }

  /** Stops the server, keeping its data, as {@code pg_ctl stop -m fast} does. */
  public void stop() throws IOException, InterruptedException {
    server.stop();
  }

  /** Starts it again after {@link #stop()}: same port, same data. */
  public void start() throws IOException, InterruptedException {
    server.start();
  }

  private DataSource dataSource(String database) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"127.0.0.1"});
    ds.setPortNumbers(new int[] {server.port()});
    ds.setDatabaseName(database);
    ds.setUser("postgres");
    return ds;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    server.close();
  }
}
