package org.citysense.cloud.overview;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;

/**
 * What the registry and the event log say about one station, household or device: the place itself,
 * its devices with their gateway's contact, offline flag ({@link DeviceFlags}, as the map counts
 * them) and maintenance window, and its active events. A few small queries on one connection.
 */
public final class PlaceQueries {
  private final Transactions db;

  public PlaceQueries(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  /**
   * The place as stored.
   *
   * @param unitId a station's or household's unit; for a device its gateway's
   */
  public record Header(
      String id,
      String name,
      String unitId,
      Double lat,
      Double lon,
      String address,
      String stationId,
      String householdId) {}

  /** One device of the place as stored, with its gateway's contact and state now. */
  public record DeviceRow(
      String id,
      String profile,
      String place,
      Double lat,
      Double lon,
      String gatewayId,
      Instant gatewayLastContact,
      boolean offline,
      Place.Window maintenance) {}

  /**
   * @param activeEvents active events of the place, test and offline events left out
   */
  public record Found(Header header, List<DeviceRow> devices, long activeEvents) {}

  /**
   * @param silentBefore a gateway whose last contact is before it is offline, with its devices
   * @return empty when there is no such place
   */
  public Optional<Found> find(PlaceKind kind, String id, Instant silentBefore, Instant now) {
    return db.once(
        "reading " + kind.id() + " " + id,
        c -> {
          Optional<Header> header = header(c, kind, id);
          if (header.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(
              new Found(
                  header.get(),
                  devices(c, kind, id, DeviceFlags.read(c, now), silentBefore, now),
                  activeEvents(c, kind, id)));
        });
  }

  private static Optional<Header> header(Connection c, PlaceKind kind, String id)
      throws SQLException {
    return switch (kind) {
      case STATION ->
          Rows.one(
              c,
              "SELECT id, unit_id, name, lat, lon FROM stations WHERE id = ?",
              rs ->
                  new Header(
                      rs.getString("id"),
                      rs.getString("name"),
                      rs.getString("unit_id"),
                      Rows.getDouble(rs, "lat"),
                      Rows.getDouble(rs, "lon"),
                      null,
                      null,
                      null),
              id);
      case HOUSEHOLD ->
          Rows.one(
              c,
              "SELECT id, unit_id, name, address FROM households WHERE id = ?",
              rs ->
                  new Header(
                      rs.getString("id"),
                      rs.getString("name"),
                      rs.getString("unit_id"),
                      null,
                      null,
                      rs.getString("address"),
                      null,
                      null),
              id);
      case DEVICE ->
          // as for reading a device: access follows the unit of the gateway that reads it
          Rows.one(
              c,
              "SELECT d.id, g.unit_id, d.lat, d.lon, d.station_id, d.household_id"
                  + " FROM devices d JOIN gateways g ON g.id = d.gateway_id WHERE d.id = ?",
              rs ->
                  new Header(
                      rs.getString("id"),
                      null,
                      rs.getString("unit_id"),
                      Rows.getDouble(rs, "lat"),
                      Rows.getDouble(rs, "lon"),
                      null,
                      rs.getString("station_id"),
                      rs.getString("household_id")),
              id);
    };
  }

  private static List<DeviceRow> devices(
      Connection c, PlaceKind kind, String id, DeviceFlags flags, Instant silentBefore, Instant now)
      throws SQLException {
    return Rows.list(
        c,
        "SELECT dv.id, dv.profile, dv.place, dv.lat, dv.lon, dv.gateway_id, g.last_contact,"
            + " m.since, m.until, m.started_by, m.note"
            + " FROM devices dv JOIN gateways g ON g.id = dv.gateway_id"
            + " LEFT JOIN maintenance m ON m.device_id = dv.id AND m.since <= ? AND m.until > ?"
            + " WHERE dv."
            + kind.deviceColumn()
            + " = ? ORDER BY dv.id",
        rs -> {
          String device = rs.getString("id");
          Instant lastContact = Times.get(rs, "last_contact");
          Instant since = Times.get(rs, "since");
          return new DeviceRow(
              device,
              rs.getString("profile"),
              rs.getString("place"),
              Rows.getDouble(rs, "lat"),
              Rows.getDouble(rs, "lon"),
              rs.getString("gateway_id"),
              lastContact,
              flags.offline(device, lastContact, silentBefore),
              since == null
                  ? null
                  : new Place.Window(
                      since,
                      Times.get(rs, "until"),
                      rs.getString("started_by"),
                      rs.getString("note")));
        },
        now,
        now,
        id);
  }

  private static long activeEvents(Connection c, PlaceKind kind, String id) throws SQLException {
    return Rows.one(
            c,
            "SELECT COUNT(*) FROM events WHERE "
                + TileQueries.ACTIVE
                + " AND test = FALSE AND rule_type <> 'offline' AND "
                + kind.eventColumn()
                + " = ?",
            rs -> rs.getLong(1),
            id)
        .orElseThrow();
  }
}
