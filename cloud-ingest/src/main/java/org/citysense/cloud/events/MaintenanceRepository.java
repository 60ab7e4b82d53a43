package org.citysense.cloud.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;

/** Maintenance windows, one per device (the latest), within the caller's connection. */
final class MaintenanceRepository {
  /** Stores {@code m}, replacing the device's earlier window. */
  void put(Connection c, Maintenance m) throws SQLException {
    Rows.update(c, "DELETE FROM maintenance WHERE device_id = ?", m.deviceId());
    Rows.update(
        c,
        "INSERT INTO maintenance (device_id, since, until, started_by, note) VALUES (?, ?, ?, ?, ?)",
        m.deviceId(),
        m.since(),
        m.until(),
        m.startedBy(),
        m.note());
  }

  /** Ends the device's window at {@code now} if it is still running. */
  void end(Connection c, String deviceId, Instant now, String actor) throws SQLException {
    Rows.update(
        c,
        "UPDATE maintenance SET until = ?, ended_by = ? WHERE device_id = ? AND until > ?",
        now,
        actor,
        deviceId,
        now);
  }

  /** The device's window if {@code at} falls in it: since ≤ at < until. */
  Optional<Maintenance> at(Connection c, String deviceId, Instant at) throws SQLException {
    return Rows.one(
        c,
        "SELECT device_id, since, until, started_by, note FROM maintenance"
            + " WHERE device_id = ? AND since <= ? AND until > ?",
        rs ->
            new Maintenance(
                rs.getString("device_id"),
                Times.get(rs, "since"),
                Times.get(rs, "until"),
                rs.getString("started_by"),
                rs.getString("note")),
        deviceId,
        at,
        at);
  }
}
