package org.citysense.cloud.store;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.citysense.cloud.db.ConnectionFailures;

/**
 * A store the service needs and cannot reach now, found along a failure's causes: the reading
 * store, the hand-off or the relational database (registry, ledger, events, tokens). Both ingests
 * and every resource answer it alike: 503 with Retry-After and the store's name, nothing else.
 *
 * @param store the store that is away, as people call it, e.g. "the database (PostgreSQL)"
 */
public record Outage(String store) {
  /** How long a client should wait before trying again. */
  public static final int RETRY_AFTER_SECONDS = 30;

  /**
   * @param database what to call the relational database, see {@link #databaseName}
   */
  public static Optional<Outage> of(Throwable failure, String database) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof StoreUnavailableException away) {
        return Optional.of(new Outage(away.store()));
      }
    }
    return ConnectionFailures.in(failure) ? Optional.of(new Outage(database)) : Optional.empty();
  }

  /** The relational database as people call it, from {@code citysense.database}. */
  public static String databaseName(String kind) {
    return "postgresql".equals(kind) ? "the database (PostgreSQL)" : "the embedded database (H2)";
  }

  /** The answer's message, e.g. "storage is unavailable: the database (PostgreSQL) …". */
  public String message(String again) {
    return "storage is unavailable: " + store + " cannot be reached now; " + again;
  }
}
