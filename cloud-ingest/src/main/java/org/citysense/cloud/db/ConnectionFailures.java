package org.citysense.cloud.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure means the database cannot be reached now, rather than that it refused the
 * statement: worth answering 503 with Retry-After, since the same request will succeed once it is
 * back.
 *
 * <p>Recognized along the whole cause chain (and each SQLException's next exceptions): SQLSTATE
 * class 08 (connection exception: refused, broken, closed); PostgreSQL's 57P01 admin shutdown,
 * 57P02 crash shutdown, 57P03 cannot connect now (starting or stopping) and 53300 too many
 * connections; the JDBC connection exception types; and the pool's acquisition timeout (Agroal
 * throws a plain SQLException without SQLSTATE, "Acquisition timeout while waiting for new
 * connection" with a TimeoutException as its cause, or "Sorry, acquisition timeout!" when every
 * connection is busy).
 */
public final class ConnectionFailures {
  private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300");

  private ConnectionFailures() {}

  public static boolean in(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    return in(failure, seen);
  }

  private static boolean in(Throwable t, Set<Throwable> seen) {
    for (; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException sql) {
        if (isConnectionFailure(sql)) {
          return true;
        }
        SQLException next = sql.getNextException();
        if (next != null && next != sql.getCause() && in(next, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isConnectionFailure(SQLException e) {
    if (e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException) {
      return true;
    }
    String state = e.getSQLState();
    if (state != null) {
      return state.startsWith("08") || STATES.contains(state);
    }
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    return e.getCause() instanceof TimeoutException || message.contains("acquisition timeout");
  }
}
