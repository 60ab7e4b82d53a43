package org.citysense.cloud.db;

import java.sql.SQLException;

/**
 * The relational store failed. The REST layer answers 503 with Retry-After when it could not be
 * reached ({@link #unavailable()}), else 500.
 */
public class DataAccessException extends RuntimeException {
  public DataAccessException(String what, SQLException cause) {
    super(what + " failed: " + cause.getMessage(), cause);
  }

  /**
   * Whether the same statement would fail again however long one waits: a data exception (a value
   * too long, out of range: SQLSTATE class 22), a constraint (23) or a statement the database does
   * not understand (42). A refused connection (08), a rolled-back transaction (40) or a lack of
   * resources (53, 57) passes.
   */
  public boolean permanent() {
    String state = ((SQLException) getCause()).getSQLState();
    return state != null
        && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42"));
  }

  /** Whether the database could not be reached: see {@link ConnectionFailures}. */
  public boolean unavailable() {
    return ConnectionFailures.in(getCause());
  }
}
