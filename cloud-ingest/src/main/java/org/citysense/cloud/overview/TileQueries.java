package org.citysense.cloud.overview;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;

/**
 * The counts behind {@link Tiles}, each one aggregate query. A device belongs to its gateway's unit
 * (as for reading access); events and their notifications to the event's unit.
 */
public final class TileQueries {
  /** The active statuses, as stored. */
  static final String ACTIVE = "status IN ('open', 'acknowledged')";

  private final Transactions db;

  public TileQueries(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  /** Gateways and devices by contact; {@code silentBefore}: a last contact before it is offline. */
  public Counts contact(Collection<String> unitIds, Instant silentBefore, Instant now) {
    List<Object> params = new ArrayList<>();
    params.add(silentBefore);
    String gatewayUnits = where(unitIds, "unit_id", params);
    List<Object> deviceParams = new ArrayList<>();
    String deviceUnits = where(unitIds, "g.unit_id", deviceParams);
    return db.once(
        "counting gateways and devices by contact",
        c -> {
          long[] gateways =
              Rows.one(
                      c,
                      "SELECT COUNT(*) AS total, SUM(CASE WHEN last_contact IS NULL"
                          + " OR last_contact < ? THEN 1 ELSE 0 END) AS offline FROM gateways"
                          + gatewayUnits,
                      rs -> new long[] {rs.getLong("total"), rs.getLong("offline")},
                      params.toArray())
                  .orElseThrow();
          // each device read once and judged here (DeviceFlags says why not in SQL)
          DeviceFlags flags = DeviceFlags.read(c, now);
          long[] devices = new long[3];
          Rows.list(
              c,
              "SELECT d.id, g.last_contact FROM devices d JOIN gateways g ON g.id = d.gateway_id"
                  + deviceUnits,
              rs -> {
                String id = rs.getString("id");
                devices[0]++;
                if (flags.offline(id, Times.get(rs, "last_contact"), silentBefore)) {
                  devices[1]++;
                }
                if (flags.inMaintenance(id)) {
                  devices[2]++;
                }
                return null;
              },
              deviceParams.toArray());
          return new Counts(gateways[0], gateways[1], devices[0], devices[1], devices[2]);
        });
  }

  /** How many gateways and devices, and how many of them offline or in maintenance. */
  public record Counts(
      long gateways,
      long gatewaysOffline,
      long devices,
      long devicesOffline,
      long devicesInMaintenance) {}

  /** Active events per severity, how many of them are open and the oldest open one's raising. */
  public ActiveEvents active(Collection<String> unitIds) {
    List<Object> params = new ArrayList<>();
    String units = where(unitIds, "unit_id", params);
    return db.once(
        "counting active events",
        c -> {
          Map<String, Long> bySeverity = new TreeMap<>();
          long[] open = {0};
          Instant[] oldest = {null};
          Rows.list(
              c,
              "SELECT severity, COUNT(*) AS active,"
                  + " SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS unacknowledged,"
                  + " MIN(CASE WHEN status = 'open' THEN raised_at END) AS oldest"
                  + " FROM events WHERE "
                  + ACTIVE
                  + " AND test = FALSE"
                  + (units.isEmpty() ? "" : " AND" + units.substring(" WHERE".length()))
                  + " GROUP BY severity",
              rs -> {
                bySeverity.put(rs.getString("severity"), rs.getLong("active"));
                open[0] += rs.getLong("unacknowledged");
                Instant t = Times.get(rs, "oldest");
                if (t != null && (oldest[0] == null || t.isBefore(oldest[0]))) {
                  oldest[0] = t;
                }
                return null;
              },
              params.toArray());
          return new ActiveEvents(bySeverity, open[0], oldest[0]);
        });
  }

  /** Active events per severity id, the open ones among them, the oldest open one's raising. */
  public record ActiveEvents(
      Map<String, Long> bySeverity, long unacknowledged, Instant oldestUnacknowledgedAt) {}

  /** Notifications of the units' events that failed within {@code period} before {@code now}. */
  public long failedNotifications(Collection<String> unitIds, Duration period, Instant now) {
    List<Object> params = new ArrayList<>(List.of(now.minus(period)));
    String units = where(unitIds, "e.unit_id", params);
    return db.once(
        "counting failed notifications",
        c ->
            Rows.one(
                    c,
                    "SELECT COUNT(*) FROM notifications n JOIN events e ON e.id = n.event_id"
                        + " WHERE n.status = 'failed' AND n.updated_at >= ?"
                        + (units.isEmpty() ? "" : " AND" + units.substring(" WHERE".length())),
                    rs -> rs.getLong(1),
                    params.toArray())
                .orElseThrow());
  }

  /** {@code " WHERE column IN (?, …)"} adding the ids to params, or "" for all units (null). */
  private static String where(Collection<String> unitIds, String column, List<Object> params) {
    if (unitIds == null) {
      return "";
    }
    if (unitIds.isEmpty()) {
      return " WHERE 1 = 0";
    }
    params.addAll(unitIds.stream().sorted().toList());
    return " WHERE "
        + column
        + " IN ("
        + unitIds.stream().map(u -> "?").collect(Collectors.joining(", "))
        + ")";
  }
}
