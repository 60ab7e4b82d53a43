package org.citysense.cloud.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Named leases in the database ({@code leases}): work that one node of a cluster does for all is
 * done by the node holding its lease. Expiry is counted on the database's clock, so the nodes'
 * clocks need not agree.
 */
public final class Leases {
  private final Transactions db;

  public Leases(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  /**
   * Takes or renews lease {@code name} for {@code holder} until {@code ttl} from now: renewed when
   * it holds it, taken when nobody does or its holder let it expire.
   *
   * @return whether {@code holder} holds it now
   */
  public boolean acquire(String name, String holder, Duration ttl) {
    return db.inTransaction(
        "taking lease " + name,
        c -> {
          Instant now = databaseNow(c);
          Instant until = now.plus(ttl);
          if (Rows.update(
                  c,
                  "UPDATE leases SET holder = ?, expires_at = ?"
                      + " WHERE name = ? AND (holder = ? OR expires_at < ?)",
                  holder,
                  until,
                  name,
                  holder,
                  now)
              == 1) {
            return true;
          }
          boolean someoneHolds =
              Rows.one(c, "SELECT holder FROM leases WHERE name = ?", rs -> true, name)
                  .orElse(false);
          if (someoneHolds) {
            return false;
          }
          Rows.update(
              c,
              "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)",
              name,
              holder,
              until);
          return true;
        });
  }

  /** Gives the lease up at once, if {@code holder} holds it, so another node takes it over. */
  public void release(String name, String holder) {
    db.inTransaction(
        "releasing lease " + name,
        c -> Rows.update(c, "DELETE FROM leases WHERE name = ? AND holder = ?", name, holder));
  }

  /** Who holds the lease now, if anyone. */
  public java.util.Optional<String> holder(String name) {
    return db.once(
        "reading lease " + name,
        c -> {
          Instant now = databaseNow(c);
          return Rows.one(
              c,
              "SELECT holder FROM leases WHERE name = ? AND expires_at >= ?",
              rs -> rs.getString(1),
              name,
              now);
        });
  }

  private static Instant databaseNow(Connection c) throws SQLException {
    return Rows.one(c, "SELECT CURRENT_TIMESTAMP AS now", rs -> Times.get(rs, "now")).orElseThrow();
  }
}
