package org.citysense.cloud.pipeline;

import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;

/**
 * The rules' checkpoint in the relational database ({@code rule_checkpoints}), one per consumer.
 */
public final class RuleCheckpoints {
  private final Transactions db;

  public RuleCheckpoints(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  public Optional<Checkpoint> load(String consumer) {
    return db.once(
        "reading the rules' checkpoint",
        c ->
            Rows.one(
                c,
                "SELECT position, taken_at, state FROM rule_checkpoints WHERE consumer = ?",
                rs ->
                    new Checkpoint(
                        rs.getLong("position"), Times.get(rs, "taken_at"), rs.getBytes("state")),
                consumer));
  }

  /** Replaces the consumer's checkpoint, in one transaction. */
  public void save(String consumer, Checkpoint checkpoint) {
    db.inTransaction(
        "saving the rules' checkpoint at " + checkpoint.position(),
        c -> {
          Object[] values = {
            checkpoint.position(), checkpoint.takenAt(), checkpoint.state(), consumer
          };
          if (Rows.update(
                  c,
                  "UPDATE rule_checkpoints SET position = ?, taken_at = ?, state = ?"
                      + " WHERE consumer = ?",
                  values)
              == 0) {
            Rows.update(
                c,
                "INSERT INTO rule_checkpoints (position, taken_at, state, consumer)"
                    + " VALUES (?, ?, ?, ?)",
                values);
          }
          return null;
        });
  }
}
