package org.citysense.cloud.overview;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.citysense.cloud.db.Rows;

/**
 * Which devices an active offline event calls offline, and which are in a maintenance window now:
 * read once per answer (the map, the tiles, a place's page) and looked up per device in Java, so
 * that "offline" means the same everywhere. (Joined to every device row as a subquery, H2 ran the
 * subquery again for each device: the map's time grew with stations times active events; see
 * docs/benchmarks.md, the console's first load.)
 */
record DeviceFlags(Set<String> offlineByEvent, Set<String> inMaintenance) {

  static DeviceFlags read(Connection c, Instant now) throws SQLException {
    Set<String> offline =
        new HashSet<>(
            Rows.list(
                c,
                "SELECT DISTINCT device_id FROM events WHERE "
                    + TileQueries.ACTIVE
                    + " AND rule_type = 'offline' AND subject_kind = 'device'",
                rs -> rs.getString(1)));
    Set<String> maintenance =
        new HashSet<>(
            Rows.list(
                c,
                "SELECT device_id FROM maintenance WHERE since <= ? AND until > ?",
                rs -> rs.getString(1),
                now,
                now));
    return new DeviceFlags(offline, maintenance);
  }

  /**
   * Offline: its gateway silent since before {@code silentBefore} (or never heard), or an event.
   */
  boolean offline(String deviceId, Instant gatewayLastContact, Instant silentBefore) {
    return gatewayLastContact == null
        || gatewayLastContact.isBefore(silentBefore)
        || offlineByEvent.contains(deviceId);
  }

  boolean inMaintenance(String deviceId) {
    return inMaintenance.contains(deviceId);
  }
}
