package org.citysense.cloud.overview;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;

/**
 * The map's markers of a set of units: stations and households with their coordinates and state.
 * Each kind is three plain queries on one connection — the places, their active events counted by
 * the database, their devices with their gateways' last contact — summed up here per marker with
 * the {@link DeviceFlags}: every query reads its rows once, whatever the number of places and
 * events.
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
    return db.once(
        "reading the map's stations and households",
        c -> {
          DeviceFlags flags = DeviceFlags.read(c, now);
          List<Marker> markers = new ArrayList<>();
          markers.addAll(
              kind(c, "station", "stations", "station_id", true, unitIds, flags, silentBefore));
          markers.addAll(
              kind(
                  c,
                  "household",
                  "households",
                  "household_id",
                  false,
                  unitIds,
                  flags,
                  silentBefore));
          return markers;
        });
  }

  /** What a place's devices add up to. */
  private static final class Tally {
    long devices;
    long offline;
    long maintenance;
    double latSum;
    double lonSum;
    int placed;
  }

  private static List<Marker> kind(
      Connection c,
      String kind,
      String table,
      String column,
      boolean ownPlace,
      Collection<String> unitIds,
      DeviceFlags flags,
      Instant silentBefore)
      throws SQLException {
    List<Object> params = new ArrayList<>();
    String units = unitFilter(unitIds, params);
    Map<String, Long> events = new HashMap<>();
    Rows.list(
        c,
        "SELECT e."
            + column
            + " AS owner, COUNT(*) AS n FROM events e JOIN "
            + table
            + " x ON x.id = e."
            + column
            + " WHERE e."
            + TileQueries.ACTIVE
            + " AND e.test = FALSE AND e.rule_type <> 'offline'"
            + units
            + " GROUP BY e."
            + column,
        rs -> events.put(rs.getString("owner"), rs.getLong("n")),
        params.toArray());
    Map<String, Tally> tallies = new HashMap<>();
    Rows.list(
        c,
        "SELECT dv.id, dv."
            + column
            + " AS owner, dv.lat, dv.lon, g.last_contact FROM devices dv"
            + " JOIN gateways g ON g.id = dv.gateway_id JOIN "
            + table
            + " x ON x.id = dv."
            + column
            + " WHERE 1 = 1"
            + units,
        rs -> {
          String device = rs.getString("id");
          Tally tally = tallies.computeIfAbsent(rs.getString("owner"), o -> new Tally());
          tally.devices++;
          if (flags.offline(device, Times.get(rs, "last_contact"), silentBefore)) {
            tally.offline++;
          }
          if (flags.inMaintenance(device)) {
            tally.maintenance++;
          }
          Double lat = Rows.getDouble(rs, "lat");
          Double lon = Rows.getDouble(rs, "lon");
          if (lat != null && lon != null) {
            tally.latSum += lat;
            tally.lonSum += lon;
            tally.placed++;
          }
          return null;
        },
        params.toArray());
    String place = ownPlace ? ", x.lat, x.lon" : "";
    return Rows.list(
        c,
        "SELECT x.id, x.unit_id, x.name"
            + place
            + " FROM "
            + table
            + " x WHERE 1 = 1"
            + units
            + " ORDER BY x.id",
        rs -> {
          String id = rs.getString("id");
          Tally tally = tallies.getOrDefault(id, new Tally());
          long active = events.getOrDefault(id, 0L);
          Double lat = ownPlace ? Rows.getDouble(rs, "lat") : mean(tally.latSum, tally.placed);
          Double lon = ownPlace ? Rows.getDouble(rs, "lon") : mean(tally.lonSum, tally.placed);
          return new Marker(
              kind,
              id,
              rs.getString("unit_id"),
              rs.getString("name"),
              lat,
              lon,
              Marker.state(active, tally.offline, tally.maintenance),
              active,
              tally.devices,
              tally.offline,
              tally.maintenance);
        },
        params.toArray());
  }

  private static Double mean(double sum, int n) {
    return n == 0 ? null : sum / n;
  }

  /** {@code " AND x.unit_id IN (?, …)"} adding the ids to params; "" for all units (null). */
  private static String unitFilter(Collection<String> unitIds, List<Object> params) {
    if (unitIds == null) {
      return "";
    }
    if (unitIds.isEmpty()) {
      return " AND 1 = 0";
    }
    params.addAll(unitIds.stream().sorted().toList());
    return " AND x.unit_id IN ("
        + unitIds.stream().map(u -> "?").collect(Collectors.joining(", "))
        + ")";
  }
}
