package org.citysense.cloud.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;
import org.citysense.cloud.evaluate.SignalPosition;
import org.citysense.cloud.ingest.Accepted;

/**
 * The hand-off log in the relational database ({@code handoff_log}): the embedded H2 file by
 * default, PostgreSQL in production. The ingest appends within its own transaction (the delivery
 * ledger's record of the batch), so a batch is acknowledged and logged, or neither.
 *
 * <p>Positions are given by this object under one lock held until the commit, so they are dense and
 * committed in order: a reader that has seen position n has seen every position before it. So one
 * node writes the log (several nodes share Kafka instead). Readers in this process are woken by the
 * commit, so an alarm waits for no poll.
 */
public final class JdbcHandOffLog implements HandOffLog {
  private final DataSource dataSource;
  private final Transactions db;
  private final LogEntryCodec codec = new LogEntryCodec();
  private final ReentrantLock appendLock = new ReentrantLock();
  private final ReentrantLock waitLock = new ReentrantLock();
  private final Condition appended = waitLock.newCondition();

  /** The newest committed position; guarded by {@link #appendLock} for writes. */
  private volatile long head;

  /**
   * Continues after the newest position in the log, in the rules' checkpoint or in any event's
   * signal, whichever is furthest (the log may have been emptied up to a checkpoint, and a
   * checkpoint lost): a position is never given twice, or a new signal would pass for a replay.
   */
  public JdbcHandOffLog(DataSource dataSource) {
    this.dataSource = dataSource;
    this.db = new Transactions(dataSource);
    this.head =
        db.once(
            "reading the hand-off log's newest position",
            c ->
                Rows.one(
                        c,
                        "SELECT GREATEST("
                            + "(SELECT COALESCE(MAX(position), 0) FROM handoff_log),"
                            + " (SELECT COALESCE(MAX(position), 0) FROM rule_checkpoints),"
                            + " (SELECT COALESCE(MAX(source_position), 0) FROM events"
                            + " WHERE source_position < ?) / ?)",
                        rs -> rs.getLong(1),
                        SignalPosition.first(1),
                        1L << SignalPosition.ITEM_BITS)
                    .orElse(0L));
  }

  /**
   * Adds {@code accepted} as the next entry and commits {@code c}'s transaction with it: the
   * delivery ledger's {@link org.citysense.cloud.ledger.JdbcDeliveryLedger.Commit}.
   */
  public void appendAndCommit(Connection c, Accepted accepted) throws SQLException {
    byte[] payload = codec.encode(accepted);
    appendLock.lock();
    try {
      long position = head + 1;
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO handoff_log (position, gateway_id, accepted_at, items, payload)"
                  + " VALUES (?, ?, ?, ?, ?)")) {
        s.setLong(1, position);
        s.setString(2, accepted.gatewayId());
        Times.set(s, 3, accepted.acceptedAt());
        s.setInt(4, accepted.items());
        s.setBytes(5, payload);
        s.executeUpdate();
      }
      c.commit();
      head = position;
    } finally {
      appendLock.unlock();
    }
    waitLock.lock();
    try {
      appended.signalAll();
    } finally {
      waitLock.unlock();
    }
  }

  /** The newest position appended. */
  public long head() {
    return head;
  }

  @Override
  public List<LogEntry> read(long position, int max, Duration wait) throws InterruptedException {
    if (head <= position && !wait.isZero()) {
      waitLock.lock();
      try {
        long nanos = wait.toNanos();
        while (head <= position && nanos > 0) {
          nanos = appended.awaitNanos(nanos);
        }
      } finally {
        waitLock.unlock();
      }
    }
    if (head <= position) {
      return List.of();
    }
    try (Connection c = dataSource.getConnection()) {
      return Rows.list(
          c,
          "SELECT position, gateway_id, accepted_at, payload FROM handoff_log"
              + " WHERE position > ? ORDER BY position LIMIT ?",
          rs ->
              new LogEntry(
                  rs.getLong("position"),
                  codec.decode(
                      rs.getString("gateway_id"),
                      Times.get(rs, "accepted_at"),
                      rs.getBytes("payload"))),
          position,
          max);
    } catch (SQLException e) {
      throw new org.citysense.cloud.db.DataAccessException(
          "reading the hand-off log after " + position, e);
    }
  }

  @Override
  public void discardUpTo(long position) {
    db.once(
        "discarding the hand-off log up to " + position,
        c -> Rows.update(c, "DELETE FROM handoff_log WHERE position <= ?", position));
  }

  @Override
  public Lag lag(long position) {
    if (head <= position) {
      return Lag.NONE;
    }
    return db.once(
        "measuring the lag behind the hand-off log",
        c ->
            Rows.one(
                    c,
                    "SELECT COUNT(*), COALESCE(SUM(items), 0), MIN(accepted_at) AS oldest"
                        + " FROM handoff_log WHERE position > ?",
                    rs -> new Lag(rs.getLong(1), rs.getLong(2), Times.get(rs, "oldest")),
                    position)
                .orElse(Lag.NONE));
  }
}
