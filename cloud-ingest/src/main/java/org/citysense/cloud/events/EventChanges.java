package org.citysense.cloud.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;

/**
 * The events' outbox ({@code event_changes}): the changes the notifier acts on, written by {@link
 * EventService} in the transaction of the change, read by the notifier from its own position. A
 * change is therefore never lost between the event store and the people to tell. Works within the
 * caller's connection.
 */
final class EventChanges {
  /** The kinds someone must act on; the others (updated, cleared, assigned) tell nobody. */
  static final Set<String> KINDS =
      Set.of("raised", "acknowledged", EventService.FAMILY_ACKNOWLEDGED, "resolved", "closed");

  /**
   * Appends a change: the last write of its transaction, since the outbox head's row stays locked
   * until the commit (positions dense and visible in their order, see V9__cluster.sql).
   */
  void append(Connection c, long eventId, String kind, Instant at) throws SQLException {
    if (KINDS.contains(kind)) {
      Rows.update(c, "UPDATE outbox_head SET position = position + 1 WHERE id = 1");
      long position =
          Rows.one(c, "SELECT position FROM outbox_head WHERE id = 1", rs -> rs.getLong(1))
              .orElseThrow();
      Rows.update(
          c,
          "INSERT INTO event_changes (position, event_id, kind, at) VALUES (?, ?, ?, ?)",
          position,
          eventId,
          kind,
          at);
    }
  }

  List<StoredChange> after(Connection c, long position, int limit) throws SQLException {
    return Rows.list(
        c,
        "SELECT position, event_id, kind, at FROM event_changes WHERE position > ?"
            + " ORDER BY position LIMIT ?",
        rs ->
            new StoredChange(
                rs.getLong("position"),
                rs.getLong("event_id"),
                rs.getString("kind"),
                Times.get(rs, "at")),
        position,
        limit);
  }

  long head(Connection c) throws SQLException {
    return Rows.one(c, "SELECT COALESCE(MAX(position), 0) FROM event_changes", rs -> rs.getLong(1))
        .orElse(0L);
  }

  /** Changes a consumer at {@code position} has passed and that are older than {@code before}. */
  int deleteUpTo(Connection c, long position, Instant before) throws SQLException {
    return Rows.update(
        c, "DELETE FROM event_changes WHERE position <= ? AND at < ?", position, before);
  }
}
