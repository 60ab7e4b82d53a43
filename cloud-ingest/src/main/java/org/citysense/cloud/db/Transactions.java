package org.citysense.cloud.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs work on one connection, in one transaction: committed if it returns, else rolled back. */
public final class Transactions {
  private final DataSource dataSource;

  public Transactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Work on a connection; may throw SQLException, which becomes a DataAccessException. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** How a transaction ends when its work has returned. */
  @FunctionalInterface
  public interface Commit {
    void commit(Connection connection) throws SQLException;
  }

  /**
   * @param what names the work in the error, e.g. "recording batch b-17 of gw-1"
   */
  public <T> T inTransaction(String what, Work<T> work) {
    return inTransaction(what, work, Connection::commit);
  }

  /**
   * As {@link #inTransaction(String, Work)}, ended by {@code commit} (which may write more first,
   * in the same transaction); rolled back when the work or the commit throws.
   */
  public <T> T inTransaction(String what, Work<T> work, Commit commit) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        commit.commit(c);
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollbackFailed) {
          // the first failure is the one worth reporting
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new DataAccessException(what, e);
    }
  }

  /** Work that reads, or writes one statement: autocommit. */
  public <T> T once(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new DataAccessException(what, e);
    }
  }
}
