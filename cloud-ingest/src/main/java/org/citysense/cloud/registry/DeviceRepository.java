package org.citysense.cloud.registry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;

/** Devices. Ids are unique in the whole deployment: readings name only the device. */
public final class DeviceRepository {
  private static final String COLUMNS =
      "SELECT id, gateway_id, profile, station_id, household_id, unit_id, lat, lon, place,"
          + " created_at FROM devices";

  private final Transactions db;
  private final Set<String> profileIds;
  private final Clock clock;

  /**
   * @param profileIds the device profiles known to the cloud; a device must follow one
   */
  public DeviceRepository(DataSource dataSource, Collection<String> profileIds, Clock clock) {
    this.db = new Transactions(dataSource);
    this.profileIds = Set.copyOf(profileIds);
    this.clock = clock;
  }

  public Device create(Device device) {
    return db.inTransaction("creating device " + device.id(), c -> create(c, device));
  }

  /** As {@link #create(Device)}, within the caller's transaction (a bulk import's). */
  public Device create(Connection c, Device device) throws SQLException {
    check(c, device);
    if (Rows.exists(c, "devices", device.id())) {
      throw new FieldException(
          "id", "device " + device.id() + " already exists; device ids are unique");
    }
    Device created = withCreatedAt(device, clock.instant());
    Rows.update(
        c,
        "INSERT INTO devices (id, gateway_id, profile, station_id, household_id, unit_id, lat,"
            + " lon, place, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        created.id(),
        created.gatewayId(),
        created.profile(),
        created.stationId(),
        created.householdId(),
        created.unitId(),
        Rows.dbl(created.lat()),
        Rows.dbl(created.lon()),
        created.place(),
        created.createdAt());
    return created;
  }

  /** Replaces everything but the id and creation time of the device with {@code device.id()}. */
  public Device update(Device device) {
    return db.inTransaction(
        "updating device " + device.id(),
        c -> {
          check(c, device);
          int n =
              Rows.update(
                  c,
                  "UPDATE devices SET gateway_id = ?, profile = ?, station_id = ?,"
                      + " household_id = ?, unit_id = ?, lat = ?, lon = ?, place = ? WHERE id = ?",
                  device.gatewayId(),
                  device.profile(),
                  device.stationId(),
                  device.householdId(),
                  device.unitId(),
                  Rows.dbl(device.lat()),
                  Rows.dbl(device.lon()),
                  device.place(),
                  device.id());
          if (n == 0) {
            throw new NotFoundException("device", device.id());
          }
          return Rows.one(c, COLUMNS + " WHERE id = ?", DeviceRepository::map, device.id())
              .orElseThrow();
        });
  }

  public Optional<Device> get(String id) {
    return db.once(
        "reading device " + id,
        c -> Rows.one(c, COLUMNS + " WHERE id = ?", DeviceRepository::map, id));
  }

  /** Devices read by {@code gatewayId}. */
  public List<Device> list(String gatewayId) {
    return db.once(
        "listing devices of gateway " + gatewayId,
        c ->
            Rows.list(
                c,
                COLUMNS + " WHERE gateway_id = ? ORDER BY id",
                DeviceRepository::map,
                gatewayId));
  }

  private void check(Connection c, Device d) throws SQLException {
    Checks.id("id", d.id());
    Checks.id("gatewayId", d.gatewayId());
    if (d.profile() == null || !profileIds.contains(d.profile())) {
      throw new FieldException(
          "profile",
          "no profile \""
              + d.profile()
              + "\"; known: "
              + String.join(", ", profileIds.stream().sorted().toList()));
    }
    List<String> attached = new ArrayList<>();
    attach(attached, "stationId", d.stationId());
    attach(attached, "householdId", d.householdId());
    attach(attached, "unitId", d.unitId());
    if (attached.size() > 1) {
      throw new FieldException(
          attached.get(1),
          "a device belongs to one of station, household or unit, but "
              + String.join(" and ", attached)
              + " are given");
    }
    Checks.position(d.lat(), d.lon());
    Checks.optionalText("place", d.place(), 400);
    if (!Rows.exists(c, "gateways", d.gatewayId())) {
      throw new FieldException("gatewayId", "no gateway " + d.gatewayId());
    }
    requireRow(c, "stations", "stationId", "station", d.stationId());
    requireRow(c, "households", "householdId", "household", d.householdId());
    requireRow(c, "units", "unitId", "unit", d.unitId());
    requireWithinGateway(c, d);
  }

  /** A gateway reads devices of its own unit's subtree only: its community, not the next one. */
  private static void requireWithinGateway(Connection c, Device d) throws SQLException {
    String gatewayUnit =
        Rows.one(
                c,
                "SELECT unit_id FROM gateways WHERE id = ?",
                rs -> rs.getString(1),
                d.gatewayId())
            .orElseThrow();
    String field;
    String target;
    String unit;
    if (d.stationId() != null) {
      field = "stationId";
      target = "station " + d.stationId();
      unit = unitOf(c, "stations", d.stationId());
    } else if (d.householdId() != null) {
      field = "householdId";
      target = "household " + d.householdId();
      unit = unitOf(c, "households", d.householdId());
    } else if (d.unitId() != null) {
      field = "unitId";
      target = "unit " + d.unitId();
      unit = d.unitId();
    } else {
      return;
    }
    if (!UnitRepository.isWithin(c, unit, gatewayUnit)) {
      throw new FieldException(
          field,
          target
              + " is in unit "
              + unit
              + ", outside unit "
              + gatewayUnit
              + " of gateway "
              + d.gatewayId());
    }
  }

  private static String unitOf(Connection c, String table, String id) throws SQLException {
    return Rows.one(c, "SELECT unit_id FROM " + table + " WHERE id = ?", rs -> rs.getString(1), id)
        .orElseThrow();
  }

  private static void attach(List<String> attached, String field, String value) {
    if (value != null) {
      Checks.id(field, value);
      attached.add(field);
    }
  }

  private static void requireRow(Connection c, String table, String field, String kind, String id)
      throws SQLException {
    if (id != null && !Rows.exists(c, table, id)) {
      throw new FieldException(field, "no " + kind + " " + id);
    }
  }

  private static Device withCreatedAt(Device d, Instant at) {
    return new Device(
        d.id(),
        d.gatewayId(),
        d.profile(),
        d.stationId(),
        d.householdId(),
        d.unitId(),
        d.lat(),
        d.lon(),
        d.place(),
        at);
  }

  static Device map(ResultSet rs) throws SQLException {
    return new Device(
        rs.getString("id"),
        rs.getString("gateway_id"),
        rs.getString("profile"),
        rs.getString("station_id"),
        rs.getString("household_id"),
        rs.getString("unit_id"),
        Rows.getDouble(rs, "lat"),
        Rows.getDouble(rs, "lon"),
        rs.getString("place"),
        Times.get(rs, "created_at"));
  }
}
