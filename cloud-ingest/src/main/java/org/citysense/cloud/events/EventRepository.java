package org.citysense.cloud.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.evaluate.Category;
import org.citysense.cloud.evaluate.SignalPosition;
import org.citysense.cloud.rules.RuleType;
import org.citysense.cloud.rules.Severity;
import org.citysense.profiles.wire.EdgeAction;
import org.citysense.profiles.wire.WireCodec;

/**
 * Events and their audit trail in the relational store. Works within the caller's connection (and
 * so its transaction); {@link EventService} decides what to write.
 */
final class EventRepository {
  private static final String COLUMNS =
      "SELECT id, rule_id, rule_type, severity, category, subject_kind, subject_id, device_id,"
          + " station_id, household_id, gateway_id, unit_id, status, summary, details,"
          + " signal_count, opening_value, latest_value, opened_at, last_seen_at, raised_at,"
          + " due_at, late, test, edge, condition_cleared, actions, assignee, acknowledged_at,"
          + " acknowledged_by, resolved_at, resolved_by, closed_at, closed_by FROM events";

  private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};
  private static final TypeReference<List<EdgeAction>> ACTIONS = new TypeReference<>() {};

  /** Edge actions carry a {@code Value}: the wire mapper writes it as a bare number or boolean. */
  private final ObjectMapper json = new WireCodec().mapper();

  /** The key of the one active event of a (rule, subject). */
  static String activeKey(String ruleId, String subjectKind, String subjectId) {
    return ruleId + "|" + subjectKind + ":" + subjectId;
  }

  static String activeKey(Event e) {
    return activeKey(e.ruleId(), e.subjectKind(), e.subjectId());
  }

  /** Stores a new event, written by the signal at {@code position}; returns it with its id. */
  Event insert(Connection c, Event e, long position) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO events (rule_id, rule_type, severity, category, subject_kind,"
                + " subject_id, device_id, station_id, household_id, gateway_id, unit_id, status,"
                + " summary, details, signal_count, opening_value, latest_value, opened_at,"
                + " last_seen_at, raised_at, due_at, late, test, edge, condition_cleared,"
                + " actions, assignee, active_key, source_position)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      Rows.bind(
          s,
          e.ruleId(),
          e.ruleType().id(),
          e.severity().id(),
          e.category().id(),
          e.subjectKind(),
          e.subjectId(),
          e.deviceId(),
          e.stationId(),
          e.householdId(),
          e.gatewayId(),
          e.unitId(),
          e.status().id(),
          e.summary(),
          write(e.details()),
          e.count(),
          Rows.dbl(e.firstValue()),
          Rows.dbl(e.lastValue()),
          e.openedAt(),
          e.lastSeenAt(),
          e.raisedAt(),
          e.dueAt(),
          e.late(),
          e.test(),
          e.edge(),
          e.conditionCleared(),
          write(e.actions()),
          e.assignee(),
          e.status().active() ? activeKey(e) : null,
          position);
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("no id generated for the event of " + activeKey(e));
        }
        return withId(e, keys.getLong(1));
      }
    }
  }

  /**
   * Writes what a repeated signal (at {@code position}) changes of an active event, guarded by its
   * active key: false when the event is no longer active in the store.
   */
  boolean updateRepeat(Connection c, Event e, long position) throws SQLException {
    return Rows.update(
            c,
            "UPDATE events SET severity = ?, due_at = ?, summary = ?, details = ?,"
                + " signal_count = ?, latest_value = ?, last_seen_at = ?, edge = ?,"
                + " condition_cleared = ?, actions = ?,"
                + " source_position = GREATEST(source_position, ?) WHERE id = ? AND active_key = ?",
            e.severity().id(),
            e.dueAt(),
            e.summary(),
            write(e.details()),
            e.count(),
            Rows.dbl(e.lastValue()),
            e.lastSeenAt(),
            e.edge(),
            e.conditionCleared(),
            write(e.actions()),
            position,
            e.id(),
            activeKey(e))
        == 1;
  }

  /** Marks the event as written by the signal at {@code position} (a clear). */
  void advancePosition(Connection c, long id, long position) throws SQLException {
    Rows.update(
        c,
        "UPDATE events SET source_position = GREATEST(source_position, ?) WHERE id = ?",
        position,
        id);
  }

  /** The position of the latest signal written to the newest event of (rule, subject), or 0. */
  long latestPosition(Connection c, String ruleId, String subjectKind, String subjectId)
      throws SQLException {
    return Rows.one(
            c,
            "SELECT source_position FROM events WHERE rule_id = ? AND subject_kind = ?"
                + " AND subject_id = ? ORDER BY id DESC LIMIT 1",
            rs -> rs.getLong(1),
            ruleId,
            subjectKind,
            subjectId)
        .orElse(0L);
  }

  /** The position of the latest signal written to any event, per partition of the log. */
  Map<Integer, Long> maxPositions(Connection c) throws SQLException {
    Map<Integer, Long> found = new java.util.HashMap<>();
    // the divisor written out, so that both databases see one expression in SELECT and GROUP BY
    String part = "source_position / " + SignalPosition.first(1);
    Rows.list(
        c,
        "SELECT " + part + " AS part, MAX(source_position) AS newest FROM events GROUP BY " + part,
        rs -> found.put(rs.getInt("part"), rs.getLong("newest")));
    return found;
  }

  /**
   * Writes the lifecycle fields of an event (status, assignee, who did what when, the cleared
   * mark); an event that is no longer active loses its active key.
   */
  void updateLifecycle(Connection c, Event e) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE events SET status = ?, condition_cleared = ?, assignee = ?,"
                + " acknowledged_at = ?, acknowledged_by = ?, resolved_at = ?, resolved_by = ?,"
                + " closed_at = ?, closed_by = ?, active_key = ? WHERE id = ?")) {
      Rows.bind(s, e.status().id(), e.conditionCleared(), e.assignee());
      // the times may be null: Times types them, which PostgreSQL needs
      Times.set(s, 4, e.acknowledgedAt());
      s.setString(5, e.acknowledgedBy());
      Times.set(s, 6, e.resolvedAt());
      s.setString(7, e.resolvedBy());
      Times.set(s, 8, e.closedAt());
      s.setString(9, e.closedBy());
      s.setString(10, e.status().active() ? activeKey(e) : null);
      s.setLong(11, e.id());
      s.executeUpdate();
    }
  }

  Optional<Event> get(Connection c, long id) throws SQLException {
    return Rows.one(c, COLUMNS + " WHERE id = ?", this::map, id);
  }

  /** The event, its row locked until the transaction ends. */
  Optional<Event> lock(Connection c, long id) throws SQLException {
    return Rows.one(c, COLUMNS + " WHERE id = ? FOR UPDATE", this::map, id);
  }

  Optional<Event> active(Connection c, String activeKey) throws SQLException {
    return Rows.one(c, COLUMNS + " WHERE active_key = ?", this::map, activeKey);
  }

  List<Event> allActive(Connection c) throws SQLException {
    return Rows.list(c, COLUMNS + " WHERE active_key IS NOT NULL", this::map);
  }

  /** Events matching the filter (unitIds must not be an empty set), newest opened first. */
  List<Event> find(Connection c, EventFilter f) throws SQLException {
    List<Object> params = new ArrayList<>();
    String where = where(f, params);
    params.add(f.limit());
    params.add(f.offset());
    return Rows.list(
        c,
        COLUMNS + where + " ORDER BY opened_at DESC, id DESC LIMIT ? OFFSET ?",
        this::map,
        params.toArray());
  }

  long count(Connection c, EventFilter f) throws SQLException {
    List<Object> params = new ArrayList<>();
    String where = where(f, params);
    return Rows.one(c, "SELECT COUNT(*) FROM events" + where, rs -> rs.getLong(1), params.toArray())
        .orElse(0L);
  }

  private static String where(EventFilter f, List<Object> params) {
    List<String> terms = new ArrayList<>();
    in(terms, params, "status", f.statuses().stream().map(EventStatus::id).toList());
    in(terms, params, "severity", f.severities().stream().map(Severity::id).toList());
    in(terms, params, "rule_type", f.ruleTypes().stream().map(RuleType::id).toList());
    if (f.unitIds() != null) {
      in(terms, params, "unit_id", f.unitIds());
    }
    if (f.householdIds() != null) {
      in(terms, params, "household_id", f.householdIds());
    }
    if (f.stationId() != null) {
      terms.add("station_id = ?");
      params.add(f.stationId());
    }
    if (f.deviceId() != null) {
      terms.add("device_id = ?");
      params.add(f.deviceId());
    }
    if (f.from() != null) {
      terms.add("opened_at >= ?");
      params.add(f.from());
    }
    if (f.to() != null) {
      terms.add("opened_at < ?");
      params.add(f.to());
    }
    return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
  }

  private static void in(
      List<String> terms, List<Object> params, String column, Collection<String> values) {
    if (values.isEmpty()) {
      return;
    }
    terms.add(
        column + " IN (" + values.stream().map(v -> "?").collect(Collectors.joining(", ")) + ")");
    params.addAll(values.stream().sorted().toList());
  }

  /**
   * The KPIs' sums per unit for events raised in [from, to), tests left out, summed up by the
   * database: one row per unit, however many events.
   *
   * @param now to tell events still unresolved past their due time
   */
  List<KpiRow> kpiRows(
      Connection c, Collection<String> unitIds, Instant from, Instant to, Instant now)
      throws SQLException {
    List<Object> params = new ArrayList<>(List.of(now, from, to));
    // test events (devices in maintenance) say nothing about how the loop performs
    List<String> terms =
        new ArrayList<>(List.of("raised_at >= ?", "raised_at < ?", "test = FALSE"));
    if (unitIds != null) {
      in(terms, params, "unit_id", unitIds);
    }
    return Rows.list(
        c,
        "SELECT unit_id, COUNT(*) AS raised, COUNT(resolved_at) AS resolved,"
            + " SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) AS closed,"
            + " SUM(EXTRACT(EPOCH FROM resolved_at) - EXTRACT(EPOCH FROM raised_at))"
            + " AS resolve_seconds,"
            + " SUM(CASE WHEN resolved_at > due_at OR (resolved_at IS NULL AND due_at < ?)"
            + " THEN 1 ELSE 0 END) AS overdue"
            + " FROM events WHERE "
            + String.join(" AND ", terms)
            + " GROUP BY unit_id",
        rs ->
            new KpiRow(
                rs.getString("unit_id"),
                rs.getLong("raised"),
                rs.getLong("resolved"),
                rs.getLong("closed"),
                rs.getDouble("resolve_seconds"),
                rs.getLong("overdue")),
        params.toArray());
  }

  /** The sums of one unit's events (unit null: events without a unit). */
  record KpiRow(
      String unitId,
      long raised,
      long resolved,
      long closed,
      double resolveSeconds,
      long overdue) {}

  void audit(Connection c, AuditEntry a) throws SQLException {
    Rows.update(
        c,
        "INSERT INTO event_audit (event_id, at, actor, action, from_status, to_status, note)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        a.eventId(),
        a.at(),
        a.actor(),
        a.action(),
        a.from() == null ? null : a.from().id(),
        a.to().id(),
        a.note());
  }

  List<AuditEntry> audit(Connection c, long eventId) throws SQLException {
    return Rows.list(
        c,
        "SELECT event_id, at, actor, action, from_status, to_status, note FROM event_audit"
            + " WHERE event_id = ? ORDER BY at, id",
        rs ->
            new AuditEntry(
                rs.getLong("event_id"),
                Times.get(rs, "at"),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("from_status") == null ? null : status(rs.getString("from_status")),
                status(rs.getString("to_status")),
                rs.getString("note")),
        eventId);
  }

  private Event map(ResultSet rs) throws SQLException {
    String ruleType = rs.getString("rule_type");
    return new Event(
        rs.getLong("id"),
        rs.getString("rule_id"),
        RuleType.byId(ruleType)
            .orElseThrow(() -> new IllegalStateException("stored rule type unknown: " + ruleType)),
        Severity.valueOf(rs.getString("severity").toUpperCase(Locale.ROOT)),
        Category.valueOf(rs.getString("category").toUpperCase(Locale.ROOT)),
        rs.getString("subject_kind"),
        rs.getString("subject_id"),
        rs.getString("device_id"),
        rs.getString("station_id"),
        rs.getString("household_id"),
        rs.getString("gateway_id"),
        rs.getString("unit_id"),
        status(rs.getString("status")),
        rs.getString("summary"),
        read(rs.getString("details"), DETAILS),
        rs.getLong("signal_count"),
        Rows.getDouble(rs, "opening_value"),
        Rows.getDouble(rs, "latest_value"),
        Times.get(rs, "opened_at"),
        Times.get(rs, "last_seen_at"),
        Times.get(rs, "raised_at"),
        Times.get(rs, "due_at"),
        rs.getBoolean("late"),
        rs.getBoolean("test"),
        rs.getBoolean("edge"),
        rs.getBoolean("condition_cleared"),
        read(rs.getString("actions"), ACTIONS),
        rs.getString("assignee"),
        Times.get(rs, "acknowledged_at"),
        rs.getString("acknowledged_by"),
        Times.get(rs, "resolved_at"),
        rs.getString("resolved_by"),
        Times.get(rs, "closed_at"),
        rs.getString("closed_by"));
  }

  private static EventStatus status(String id) {
    return EventStatus.valueOf(id.toUpperCase(Locale.ROOT));
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value + " as JSON", e);
    }
  }

  private <T> T read(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is not readable: " + text, e);
    }
  }

  private static Event withId(Event e, long id) {
    EventEdit edit = new EventEdit(e);
    edit.id = id;
    return edit.build();
  }
}
