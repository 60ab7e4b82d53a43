package org.citysense.cloud.pipeline;

import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;

/**
 * The rules' checkpoint in the relational database ({@code rule_checkpoints}), one per consumer.
 * Where several nodes may judge one consumer's entries in turn (a partition of the Kafka hand-off),
 * each takes it over with {@link #claim} and saves under the epoch it was given.
 */
public final class RuleCheckpoints {
  /** Another node took the consumer over since this one claimed it. */
  public static final class Fenced extends RuntimeException {
    Fenced(String consumer, long epoch) {
      super(consumer + " has been taken over by another node (this one held epoch " + epoch + ")");
    }
  }

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
                            rs.getLong("position"),
                            Times.get(rs, "taken_at"),
                            rs.getBytes("state")),
                    consumer))
        // a row claimed before its first checkpoint holds only the owner's epoch
        .filter(cp -> cp.state().length > 0);
  }

  /**
   * Takes the consumer over: raises its owner epoch and returns it. A consumer without a checkpoint
   * yet gets a row with none (position -1, no state), so that the epoch holds.
   */
  public long claim(String consumer, java.time.Instant now) {
    return db.inTransaction(
        "taking over " + consumer,
        c -> {
          if (Rows.update(
                  c,
                  "UPDATE rule_checkpoints SET owner_epoch = owner_epoch + 1 WHERE consumer = ?",
                  consumer)
              == 0) {
            Rows.update(
                c,
                "INSERT INTO rule_checkpoints (consumer, position, taken_at, state, owner_epoch)"
                    + " VALUES (?, -1, ?, ?, 1)",
                consumer,
                now,
                new byte[0]);
          }
          return Rows.one(
                  c,
                  "SELECT owner_epoch FROM rule_checkpoints WHERE consumer = ?",
                  rs -> rs.getLong(1),
                  consumer)
              .orElseThrow();
        });
  }

  /**
   * Replaces the consumer's checkpoint if this node still owns it under {@code epoch}.
   *
   * @throws Fenced when another node has claimed it since
   */
  public void save(String consumer, Checkpoint checkpoint, long epoch) {
    int saved =
        db.inTransaction(
            "saving the rules' checkpoint at " + checkpoint.position(),
            c ->
                Rows.update(
                    c,
                    "UPDATE rule_checkpoints SET position = ?, taken_at = ?, state = ?"
                        + " WHERE consumer = ? AND owner_epoch = ?",
                    checkpoint.position(),
                    checkpoint.takenAt(),
                    checkpoint.state(),
                    consumer,
                    epoch));
    if (saved == 0) {
      throw new Fenced(consumer, epoch);
    }
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
