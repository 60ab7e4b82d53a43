package org.citysense.cloud.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;
import org.citysense.cloud.ingest.Accepted;
import org.citysense.cloud.ingest.DeliveryLedger;
import org.citysense.cloud.ingest.IngestReply;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/**
 * The delivery ledger in the relational store: {@code delivered} holds (gateway, seq) pairs, {@code
 * batch_replies} the reply to each batch id as JSON. The record of a batch ends with a {@link
 * Commit}: plain, or the hand-off log's, which adds the accepted items to the log in the same
 * transaction.
 */
public final class JdbcDeliveryLedger implements DeliveryLedger {
  /** Neighbouring seqs further apart than this start a new range query. */
  static final long MAX_GAP = 1000;

  /** How the record of a batch is committed. */
  @FunctionalInterface
  public interface Commit {
    /** Commits {@code c}'s transaction, which holds the record of {@code accepted}. */
    void commit(Connection c, Accepted accepted) throws SQLException;

    /** Just the record: nobody consumes what the ingest accepts (the rules are off). */
    Commit PLAIN = (c, accepted) -> c.commit();
  }

  private final Transactions db;
  private final ObjectMapper json;
  private final Clock clock;
  private final Commit commit;

  public JdbcDeliveryLedger(DataSource dataSource, ObjectMapper json, Clock clock, Commit commit) {
    this.db = new Transactions(dataSource);
    this.json = json;
    this.clock = clock;
    this.commit = commit;
  }

  public JdbcDeliveryLedger(DataSource dataSource, Commit commit) {
    this(dataSource, new ObjectMapper(), Clock.systemUTC(), commit);
  }

  public JdbcDeliveryLedger(DataSource dataSource) {
    this(dataSource, Commit.PLAIN);
  }

  /**
   * Seqs of one batch are nearly always a few runs of consecutive numbers (the backlog, the live
   * readings, an overtaking alarm), so each run is one primary-key range scan. A long IN list is
   * not: H2 evaluated it against every row of the table, and the ingest slowed as the ledger grew.
   */
  @Override
  public Set<Long> alreadyStored(String gatewayId, Collection<Long> seqs) {
    if (seqs.isEmpty()) {
      return Set.of();
    }
    Set<Long> wanted = new HashSet<>(seqs);
    List<long[]> runs = runs(new TreeSet<>(wanted));
    Set<Long> found = new HashSet<>();
    return db.once(
        "looking up delivered seqs of " + gatewayId,
        c -> {
          for (long[] run : runs) {
            for (long seq : stored(c, gatewayId, run[0], run[1])) {
              if (wanted.contains(seq)) {
                found.add(seq);
              }
            }
          }
          return Collections.unmodifiableSet(found);
        });
  }

  /**
   * Sorted seqs cut into [first, last] runs wherever two neighbours are more than MAX_GAP apart.
   */
  static List<long[]> runs(SortedSet<Long> sorted) {
    List<long[]> runs = new ArrayList<>();
    long first = sorted.first();
    long last = first;
    for (long seq : sorted) {
      if (seq - last > MAX_GAP) {
        runs.add(new long[] {first, last});
        first = seq;
      }
      last = seq;
    }
    runs.add(new long[] {first, last});
    return runs;
  }

  private static List<Long> stored(Connection c, String gatewayId, long first, long last)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT seq FROM delivered WHERE gateway_id = ? AND seq >= ? AND seq <= ?")) {
      s.setString(1, gatewayId);
      s.setLong(2, first);
      s.setLong(3, last);
      List<Long> found = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getLong(1));
        }
      }
      return found;
    }
  }

  @Override
  public void record(IngestReply reply, Accepted accepted) {
    String gatewayId = accepted.gatewayId();
    String replyJson = toJson(reply);
    Set<Long> seqs = new HashSet<>();
    accepted.readings().stream().map(WireReading::seq).forEach(seqs::add);
    accepted.statusChanges().stream().map(StatusChange::seq).forEach(seqs::add);
    accepted.edgeEvents().stream().map(EdgeEvent::seq).forEach(seqs::add);
    db.inTransaction(
        "recording batch " + reply.batchId() + " of " + gatewayId,
        c -> {
          // ON CONFLICT: a concurrent copy of the same batch may have won; its record stands.
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO delivered (gateway_id, seq) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (long seq : seqs) {
              s.setString(1, gatewayId);
              s.setLong(2, seq);
              s.addBatch();
            }
            s.executeBatch();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO batch_replies (gateway_id, batch_id, reply, created_at)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setString(1, gatewayId);
            s.setString(2, reply.batchId());
            s.setString(3, replyJson);
            Times.set(s, 4, clock.instant());
            s.executeUpdate();
          }
          return null;
        },
        c -> commit.commit(c, accepted));
  }

  @Override
  public Optional<IngestReply> reply(String gatewayId, String batchId) {
    Optional<String> stored =
        db.once(
            "looking up the reply to batch " + batchId + " of " + gatewayId,
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT reply FROM batch_replies WHERE gateway_id = ? AND batch_id = ?")) {
                s.setString(1, gatewayId);
                s.setString(2, batchId);
                try (ResultSet rs = s.executeQuery()) {
                  return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
              }
            });
    return stored.map(this::fromJson);
  }

  private String toJson(IngestReply reply) {
    try {
      return json.writeValueAsString(reply);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write reply " + reply.batchId() + " as JSON", e);
    }
  }

  private IngestReply fromJson(String text) {
    try {
      return json.readValue(text, IngestReply.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored reply is not readable: " + text, e);
    }
  }
}
