package org.citysense.cloud.testdb;

import java.io.IOException;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh, migrated database on one real PostgreSQL 15 server, started on first use
 * and stopped when the test run ends.
 */
public final class PostgresDatabase implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == DataSource.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return e.getRoot()
        .getStore(ExtensionContext.Namespace.create(PostgresDatabase.class))
        .computeIfAbsent("server", k -> start(), PostgresServer.class)
        .freshDatabase();
  }

  private static PostgresServer start() {
    try {
      return new PostgresServer();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start PostgreSQL", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting PostgreSQL", e);
    }
  }
}
