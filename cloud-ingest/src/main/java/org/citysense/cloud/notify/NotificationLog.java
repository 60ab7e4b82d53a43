package org.citysense.cloud.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;
import org.citysense.cloud.rules.Severity;

/**
 * The delivery log ({@code notifications}) and the events' short reply codes ({@code event_codes}),
 * in JDBC. The log is also the dispatcher's queue: queued rows whose {@code next_attempt_at} has
 * come are due. Times are kept to the microsecond, as both databases do.
 */
public final class NotificationLog {
  /** SQLSTATE of a unique violation, on PostgreSQL and H2 alike. */
  private static final String UNIQUE_VIOLATION = "23505";

  private static final String COLUMNS =
      "id, event_id, recipient_id, recipient_role, channel, address, kind, escalation_level,"
          + " severity, text, status, reason, attempts, provider_id, created_at, updated_at,"
          + " submitted_at, next_attempt_at";

  private final Transactions db;

  public NotificationLog(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  /**
   * Stores new rows (their ids ignored) in one transaction; returns those stored, with their ids. A
   * row the log holds already (the same event, kind, round, recipient and address: a change handled
   * again after a crash) is not stored twice.
   */
  public List<Notification> insert(Collection<Notification> drafts) {
    if (drafts.isEmpty()) {
      return List.of();
    }
    return db.inTransaction(
        "logging " + drafts.size() + " notifications",
        c -> {
          List<Notification> stored = new ArrayList<>();
          for (Notification n : drafts) {
            Notification row = insert(c, n);
            if (row != null) {
              stored.add(row);
            }
          }
          return stored;
        });
  }

  /**
   * What makes a row one message: its event, kind, escalation level, recipient and address, and for
   * a reminder its round (the time it was made).
   */
  static String dedupKey(Notification n) {
    String round =
        Notification.REMINDER.equals(n.kind())
            ? micros(n.createdAt()).toString()
            : Integer.toString(n.escalationLevel());
    return n.eventId() + "|" + n.kind() + "|" + round + "|" + n.recipientId() + "|" + n.address();
  }

  /** The row with its id, or null when the log holds it already. */
  private static Notification insert(Connection c, Notification n) throws SQLException {
    Instant created = micros(n.createdAt());
    Instant updated = micros(n.updatedAt());
    Instant submitted = micros(n.submittedAt());
    Instant next = micros(n.nextAttemptAt());
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO notifications (event_id, recipient_id, recipient_role, channel, address,"
                + " kind, escalation_level, severity, text, status, reason, attempts, provider_id,"
                + " created_at, updated_at, submitted_at, next_attempt_at, dedup_key)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING",
            Statement.RETURN_GENERATED_KEYS)) {
      Rows.bind(
          s,
          n.eventId(),
          n.recipientId(),
          n.recipientRole(),
          n.channel(),
          n.address(),
          n.kind(),
          n.escalationLevel(),
          n.severity().id(),
          n.text(),
          n.status(),
          n.reason(),
          n.attempts(),
          n.providerId(),
          created,
          updated);
      Times.set(s, 16, submitted);
      Times.set(s, 17, next);
      s.setString(18, dedupKey(n));
      if (s.executeUpdate() == 0) {
        return null;
      }
      try (ResultSet keys = s.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("no id generated for notification " + dedupKey(n));
        }
        long id = keys.getLong(1);
        return new Notification(
            id,
            n.eventId(),
            n.recipientId(),
            n.recipientRole(),
            n.channel(),
            n.address(),
            n.kind(),
            n.escalationLevel(),
            n.severity(),
            n.text(),
            n.status(),
            n.reason(),
            n.attempts(),
            n.providerId(),
            created,
            updated,
            submitted,
            next);
      }
    }
  }

  public Optional<Notification> get(long id) {
    return db.once(
        "reading notification " + id,
        c -> Rows.one(c, "SELECT " + COLUMNS + " FROM notifications WHERE id = ?", MAPPER, id));
  }

  /** Every row of the event, oldest first. */
  public List<Notification> forEvent(long eventId) {
    return db.once(
        "reading the notifications of event " + eventId,
        c ->
            Rows.list(
                c,
                "SELECT " + COLUMNS + " FROM notifications WHERE event_id = ? ORDER BY id",
                MAPPER,
                eventId));
  }

  /** Queued rows due at {@code now}, the earliest first. */
  public List<Notification> due(Instant now, int limit) {
    return db.once(
        "reading due notifications",
        c ->
            Rows.list(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM notifications WHERE status = 'queued' AND next_attempt_at <= ?"
                    + " ORDER BY next_attempt_at, id LIMIT ?",
                MAPPER,
                micros(now),
                limit));
  }

  /**
   * A row whose channel was called when the service stopped, before the answer was logged ({@link
   * SendNote}): taken as sent, if it is still queued. The message went out unless the process died
   * in the instant between the note and the channel's write, whereas sending it again would double
   * it whenever the provider had answered and the log not yet recorded the answer, a window of
   * milliseconds. A receipt cannot match it (its provider id was not logged).
   *
   * @param attempts the row's attempts before that send: a row tried since is left alone
   * @return whether it was still queued as it was then
   */
  public boolean takenAsSent(long id, int attempts, Instant at) {
    return update(
            "taking notification " + id + " as sent",
            "UPDATE notifications SET status = 'submitted', submitted_at = ?, updated_at = ?,"
                + " attempts = attempts + 1, next_attempt_at = NULL,"
                + " reason = 'the cloud stopped while sending it: taken as sent, no receipt will"
                + " match' WHERE id = ? AND status = 'queued' AND attempts = ?",
            micros(at),
            micros(at),
            id,
            attempts)
        > 0;
  }

  /** A channel took the row's message. */
  public void submitted(long id, int attempts, String providerId, Instant at) {
    update(
        "recording the submission of notification " + id,
        "UPDATE notifications SET status = 'submitted', attempts = ?, provider_id = ?,"
            + " reason = NULL, submitted_at = ?, updated_at = ?, next_attempt_at = NULL"
            + " WHERE id = ?",
        attempts,
        providerId,
        micros(at),
        micros(at),
        id);
  }

  /** A retryable failure: queued again until {@code next}, the failure kept as the reason. */
  public void retryAt(long id, int attempts, String reason, Instant next, Instant at) {
    update(
        "recording a retry of notification " + id,
        "UPDATE notifications SET status = 'queued', attempts = ?, reason = ?,"
            + " next_attempt_at = ?, updated_at = ? WHERE id = ?",
        attempts,
        reason,
        micros(next),
        micros(at),
        id);
  }

  /** Given up: failed with the reason. */
  public void failed(long id, int attempts, String reason, Instant at) {
    update(
        "recording the failure of notification " + id,
        "UPDATE notifications SET status = 'failed', attempts = ?, reason = ?,"
            + " next_attempt_at = NULL, updated_at = ? WHERE id = ?",
        attempts,
        reason,
        micros(at),
        id);
  }

  /** Not sent (rate limit, acknowledged meanwhile…), if still queued; false when it was not. */
  public boolean suppress(long id, String reason, Instant at) {
    return update(
            "suppressing notification " + id,
            "UPDATE notifications SET status = 'suppressed', reason = ?, next_attempt_at = NULL,"
                + " updated_at = ? WHERE id = ? AND status = 'queued'",
            reason,
            micros(at),
            id)
        > 0;
  }

  /**
   * Suppresses the event's queued rows of these kinds to people (webhooks hear of everything);
   * returns how many.
   */
  public int suppressQueued(long eventId, Set<String> kinds, String reason, Instant at) {
    return suppressQueued(eventId, kinds, null, reason, at);
  }

  /**
   * As {@link #suppressQueued(long, Set, String, Instant)} for the rows to people of one role
   * ({@link Recipient#FAMILY}…), or to every person when {@code recipientRole} is null.
   */
  public int suppressQueued(
      long eventId, Set<String> kinds, String recipientRole, String reason, Instant at) {
    if (kinds.isEmpty()) {
      return 0;
    }
    String in = String.join(", ", kinds.stream().map(k -> "?").toList());
    List<Object> params = new ArrayList<>(List.of(reason, micros(at), eventId));
    params.addAll(kinds);
    String role = "";
    if (recipientRole != null) {
      role = " AND recipient_role = ?";
      params.add(recipientRole);
    }
    return update(
        "suppressing the queued notifications of event " + eventId,
        "UPDATE notifications SET status = 'suppressed', reason = ?, next_attempt_at = NULL,"
            + " updated_at = ? WHERE event_id = ? AND status = 'queued'"
            + " AND recipient_role <> 'webhook' AND kind IN ("
            + in
            + ")"
            + role,
        params.toArray());
  }

  /** Suppresses every queued row to one recipient (opted out); returns how many. */
  public int suppressQueuedToRecipient(String recipientId, String reason, Instant at) {
    return update(
        "suppressing the queued notifications to recipient " + recipientId,
        "UPDATE notifications SET status = 'suppressed', reason = ?, next_attempt_at = NULL,"
            + " updated_at = ? WHERE recipient_id = ? AND status = 'queued'",
        reason,
        micros(at),
        recipientId);
  }

  /** Suppresses every queued row to this address (its owner opted out); returns how many. */
  public int suppressQueuedTo(String address, String reason, Instant at) {
    return update(
        "suppressing the queued notifications to an address",
        "UPDATE notifications SET status = 'suppressed', reason = ?, next_attempt_at = NULL,"
            + " updated_at = ? WHERE address = ? AND status = 'queued'",
        reason,
        micros(at),
        address);
  }

  /**
   * A provider's receipt for a submitted message: delivered, or failed with the provider's detail.
   *
   * @return how many rows it matched (0 for an unknown provider id)
   */
  public int receipt(
      String channel, String providerId, boolean delivered, String detail, Instant at) {
    return update(
        "recording a receipt of " + channel + " " + providerId,
        "UPDATE notifications SET status = ?, reason = ?, updated_at = ?"
            + " WHERE channel = ? AND provider_id = ? AND status IN ('submitted', 'delivered',"
            + " 'failed')",
        delivered ? Notification.DELIVERED : Notification.FAILED,
        delivered ? null : detail,
        micros(at),
        channel,
        providerId);
  }

  /** How many messages channels took for this address since {@code since}. */
  public int sentTo(String address, Instant since) {
    return db.once(
        "counting the messages sent to an address",
        c ->
            Rows.one(
                    c,
                    "SELECT COUNT(*) FROM notifications WHERE address = ? AND submitted_at >= ?",
                    rs -> rs.getInt(1),
                    address,
                    micros(since))
                .orElse(0));
  }

  /** The events that have all-clear rows made at or after {@code since}. */
  public List<Long> eventsWithAllClearSince(Instant since) {
    return db.once(
        "finding the events resolved recently",
        c ->
            Rows.list(
                c,
                "SELECT DISTINCT event_id FROM notifications"
                    + " WHERE kind = 'all_clear' AND created_at >= ? ORDER BY event_id",
                rs -> rs.getLong("event_id"),
                micros(since)));
  }

  /** The events that have alarm, reminder or escalation rows made at or after {@code since}. */
  public List<Long> eventsToldSince(Instant since) {
    return db.once(
        "finding the events told recently",
        c ->
            Rows.list(
                c,
                "SELECT DISTINCT event_id FROM notifications"
                    + " WHERE kind IN ('alarm', 'reminder', 'escalation') AND created_at >= ?"
                    + " ORDER BY event_id",
                rs -> rs.getLong("event_id"),
                since));
  }

  /**
   * The events whose alarms, reminders or escalations a channel took for this address, the most
   * recently sent first.
   */
  public List<Long> eventsSentTo(String address) {
    return db.once(
        "finding the events notified to an address",
        c ->
            Rows.list(
                c,
                "SELECT event_id, MAX(submitted_at) AS last_sent FROM notifications"
                    + " WHERE address = ? AND submitted_at IS NOT NULL"
                    + " AND kind IN ('alarm', 'reminder', 'escalation')"
                    + " GROUP BY event_id ORDER BY last_sent DESC, event_id DESC",
                rs -> rs.getLong("event_id"),
                address));
  }

  /**
   * The event's short code: the one it has, or a new 4-digit one unique among the active codes.
   *
   * @return the code, or empty when all 9000 codes are taken by active events
   */
  public Optional<String> assignCode(long eventId, Instant at, RandomGenerator random) {
    Optional<String> existing = code(eventId);
    if (existing.isPresent()) {
      return existing;
    }
    for (int attempt = 0; attempt < 20; attempt++) {
      String code = Integer.toString(1000 + random.nextInt(9000));
      if (tryCode(eventId, code, at)) {
        return Optional.of(code);
      }
    }
    // crowded: pick among the free codes instead of guessing
    Set<String> taken = activeCodes();
    List<String> free = new ArrayList<>();
    for (int n = 1000; n <= 9999; n++) {
      if (!taken.contains(Integer.toString(n))) {
        free.add(Integer.toString(n));
      }
    }
    while (!free.isEmpty()) {
      String code = free.remove(random.nextInt(free.size()));
      if (tryCode(eventId, code, at)) {
        return Optional.of(code);
      }
    }
    return code(eventId);
  }

  private boolean tryCode(long eventId, String code, Instant at) {
    try {
      update(
          "giving event " + eventId + " a short code",
          "INSERT INTO event_codes (event_id, code, created_at, active_code) VALUES (?, ?, ?, ?)",
          eventId,
          code,
          micros(at),
          code);
      return true;
    } catch (DataAccessException e) {
      if (e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
        return false; // taken by an active event, or the event got one meanwhile
      }
      throw e;
    }
  }

  private Set<String> activeCodes() {
    return new HashSet<>(
        db.once(
            "reading the active short codes",
            c ->
                Rows.list(
                    c,
                    "SELECT active_code FROM event_codes WHERE active_code IS NOT NULL",
                    rs -> rs.getString(1))));
  }

  /** The event's code, active or released. */
  public Optional<String> code(long eventId) {
    return db.once(
        "reading the short code of event " + eventId,
        c ->
            Rows.one(
                c,
                "SELECT code FROM event_codes WHERE event_id = ?",
                rs -> rs.getString(1),
                eventId));
  }

  /** The active event holding this code. */
  public Optional<Long> eventByCode(String code) {
    return db.once(
        "finding the event of a short code",
        c ->
            Rows.one(
                c,
                "SELECT event_id FROM event_codes WHERE active_code = ?",
                rs -> rs.getLong(1),
                code.strip().toUpperCase(Locale.ROOT)));
  }

  /** The event is no longer active: its code may be handed out again. */
  public void releaseCode(long eventId, Instant at) {
    update(
        "releasing the short code of event " + eventId,
        "UPDATE event_codes SET active_code = NULL, released_at = ?"
            + " WHERE event_id = ? AND released_at IS NULL",
        micros(at),
        eventId);
  }

  private int update(String what, String sql, Object... params) {
    return db.once(what, c -> Rows.update(c, sql, params));
  }

  private static final Rows.Mapper<Notification> MAPPER =
      rs ->
          new Notification(
              rs.getLong("id"),
              rs.getLong("event_id"),
              rs.getString("recipient_id"),
              rs.getString("recipient_role"),
              rs.getString("channel"),
              rs.getString("address"),
              rs.getString("kind"),
              rs.getInt("escalation_level"),
              Severity.valueOf(rs.getString("severity").toUpperCase(Locale.ROOT)),
              rs.getString("text"),
              rs.getString("status"),
              rs.getString("reason"),
              rs.getInt("attempts"),
              rs.getString("provider_id"),
              Times.get(rs, "created_at"),
              Times.get(rs, "updated_at"),
              Times.get(rs, "submitted_at"),
              Times.get(rs, "next_attempt_at"));

  private static Instant micros(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
  }
}
