package org.citysense.cloud.testdb;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh, migrated H2 database in a file of a temporary folder: the embedded
 * default of the service, with the same URL options. One connection stays open while the test runs,
 * as the service's pool keeps one: without it H2 closes the database whenever the last connection
 * closes and opens it again on the next, and under concurrent use a session opened during that
 * churn was seen without the URL's PostgreSQL mode.
 */
public final class H2Database implements ParameterResolver {
  /** The options the service's H2 URL carries too (see the migration's header). */
  public static final String OPTIONS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

  private static final AtomicInteger COUNT = new AtomicInteger();

  /** The connection that keeps the database open, closed with the test's context. */
  private record Held(Connection connection)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == DataSource.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    Path folder = TempFolders.of(e, "h2");
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + folder.resolve("db" + COUNT.incrementAndGet()) + OPTIONS);
    ds.setUser("sa");
    ds.setPassword("");
    Migrated.migrate(ds);
    try {
      Connection held = ds.getConnection();
      e.getStore(ExtensionContext.Namespace.create(H2Database.class, ds.getURL()))
          .put("held", new Held(held));
    } catch (SQLException failed) {
      throw new IllegalStateException("cannot open " + ds.getURL(), failed);
    }
    return ds;
  }
}
