package org.citysense.cloud.db;

import java.time.Instant;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * How far each consumer of a log kept in this database has come ({@code consumer_positions}): it
 * commits a position only once what it made of the entries up to there is written, and starts after
 * it on the next start.
 */
public final class ConsumerPositions {
  private final Transactions db;

  public ConsumerPositions(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  public OptionalLong get(String consumer) {
    return db.once(
        "reading the position of " + consumer,
        c ->
            Rows.one(
                    c,
                    "SELECT position FROM consumer_positions WHERE consumer = ?",
                    rs -> rs.getLong(1),
                    consumer)
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty()));
  }

  public void commit(String consumer, long position, Instant at) {
    db.inTransaction(
        "committing the position of " + consumer,
        c -> {
          if (Rows.update(
                  c,
                  "UPDATE consumer_positions SET position = ?, updated_at = ? WHERE consumer = ?",
                  position,
                  at,
                  consumer)
              == 0) {
            Rows.update(
                c,
                "INSERT INTO consumer_positions (consumer, position, updated_at) VALUES (?, ?, ?)",
                consumer,
                position,
                at);
          }
          return null;
        });
  }
}
