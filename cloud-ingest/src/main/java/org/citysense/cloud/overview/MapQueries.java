package org.citysense.cloud.overview;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;

/**
 * The map's markers of a set of units: stations and households with their coordinates and state,
 * each kind one query whose per-marker counts the database sums up (active events by station or
 * household, devices offline or in maintenance by what they hang from).
 */
public final class MapQueries {
  private final Transactions db;

  public MapQueries(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  /**
   * @param unitIds the units whose stations and households to show, null for all
   * @param silentBefore a gateway whose last contact is before it is offline, with its devices
   */
  public List<Marker> markers(Collection<String> unitIds, Instant silentBefore, Instant now) {
    List<Marker> markers = new ArrayList<>();
    markers.addAll(kind("station", "stations", "station_id", true, unitIds, silentBefore, now));
    markers.addAll(
        kind("household", "households", "household_id", false, unitIds, silentBefore, now));
    return markers;
  }

  private List<Marker> kind(
      String kind,
      String table,
      String column,
      boolean ownPlace,
      Collection<String> unitIds,
      Instant silentBefore,
      Instant now) {
    List<Object> params = new ArrayList<>(List.of(silentBefore, now, now));
    String where = "";
    if (unitIds != null) {
      where =
          unitIds.isEmpty()
              ? " WHERE 1 = 0"
              : " WHERE x.unit_id IN ("
                  + unitIds.stream().map(u -> "?").collect(Collectors.joining(", "))
                  + ")";
      params.addAll(unitIds.stream().sorted().toList());
    }
    String place = ownPlace ? "x.lat, x.lon" : "d.lat, d.lon";
    String sql =
        "SELECT x.id, x.unit_id, x.name, "
            + place
            + ", COALESCE(e.n, 0) AS events, COALESCE(d.n, 0) AS devices,"
            + " COALESCE(d.offline, 0) AS offline, COALESCE(d.maintenance, 0) AS maintenance"
            + " FROM "
            + table
            + " x LEFT JOIN (SELECT "
            + column
            + " AS owner, COUNT(*) AS n FROM events WHERE "
            + TileQueries.ACTIVE
            + " AND test = FALSE AND rule_type <> 'offline' AND "
            + column
            + " IS NOT NULL GROUP BY "
            + column
            + ") e ON e.owner = x.id"
            + " LEFT JOIN (SELECT dv."
            + column
            + " AS owner, COUNT(*) AS n, AVG(dv.lat) AS lat, AVG(dv.lon) AS lon,"
            + " SUM(CASE WHEN g.last_contact IS NULL OR g.last_contact < ?"
            + " OR o.device_id IS NOT NULL THEN 1 ELSE 0 END) AS offline,"
            + " SUM(CASE WHEN m.device_id IS NOT NULL THEN 1 ELSE 0 END) AS maintenance"
            + " FROM devices dv JOIN gateways g ON g.id = dv.gateway_id"
            + " LEFT JOIN (SELECT DISTINCT device_id FROM events WHERE "
            + TileQueries.ACTIVE
            + " AND rule_type = 'offline' AND subject_kind = 'device') o ON o.device_id = dv.id"
            + " LEFT JOIN maintenance m ON m.device_id = dv.id AND m.since <= ? AND m.until > ?"
            + " WHERE dv."
            + column
            + " IS NOT NULL GROUP BY dv."
            + column
            + ") d ON d.owner = x.id"
            + where
            + " ORDER BY x.id";
    return db.once(
        "reading the map's " + table,
        c ->
            Rows.list(
                c,
                sql,
                rs -> {
                  long events = rs.getLong("events");
                  long offline = rs.getLong("offline");
                  long maintenance = rs.getLong("maintenance");
                  return new Marker(
                      kind,
                      rs.getString("id"),
                      rs.getString("unit_id"),
                      rs.getString("name"),
                      Rows.getDouble(rs, "lat"),
                      Rows.getDouble(rs, "lon"),
                      Marker.state(events, offline, maintenance),
                      events,
                      rs.getLong("devices"),
                      offline,
                      maintenance);
                },
                params.toArray()));
  }
}
