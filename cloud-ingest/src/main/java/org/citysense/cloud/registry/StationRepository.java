package org.citysense.cloud.registry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;

/** Monitoring stations. */
public final class StationRepository {
  private static final String COLUMNS = "SELECT id, unit_id, name, lat, lon FROM stations";

  private final Transactions db;

  public StationRepository(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  public Station create(Station station) {
    Station checked = check(station);
    return db.inTransaction(
        "creating station " + station.id(),
        c -> {
          if (Rows.exists(c, "stations", checked.id())) {
            throw new FieldException("id", "station " + checked.id() + " already exists");
          }
          requireUnit(c, checked.unitId());
          Rows.update(
              c,
              "INSERT INTO stations (id, unit_id, name, lat, lon) VALUES (?, ?, ?, ?, ?)",
              checked.id(),
              checked.unitId(),
              checked.name(),
              Rows.dbl(checked.lat()),
              Rows.dbl(checked.lon()));
          return checked;
        });
  }

  /** Replaces the unit, name and position of the station with {@code station.id()}. */
  public Station update(Station station) {
    Station checked = check(station);
    return db.inTransaction(
        "updating station " + station.id(),
        c -> {
          requireUnit(c, checked.unitId());
          int n =
              Rows.update(
                  c,
                  "UPDATE stations SET unit_id = ?, name = ?, lat = ?, lon = ? WHERE id = ?",
                  checked.unitId(),
                  checked.name(),
                  Rows.dbl(checked.lat()),
                  Rows.dbl(checked.lon()),
                  checked.id());
          if (n == 0) {
            throw new NotFoundException("station", checked.id());
          }
          return checked;
        });
  }

  public Optional<Station> get(String id) {
    return db.once(
        "reading station " + id,
        c -> Rows.one(c, COLUMNS + " WHERE id = ?", StationRepository::map, id));
  }

  /** Stations directly in {@code unitId}. */
  public List<Station> list(String unitId) {
    return db.once(
        "listing stations of " + unitId,
        c ->
            Rows.list(
                c, COLUMNS + " WHERE unit_id = ? ORDER BY id", StationRepository::map, unitId));
  }

  private static Station check(Station s) {
    Checks.id("id", s.id());
    Checks.id("unitId", s.unitId());
    String name = Checks.text("name", s.name(), 200);
    Checks.position(s.lat(), s.lon());
    return new Station(s.id(), s.unitId(), name, s.lat(), s.lon());
  }

  static void requireUnit(Connection c, String unitId) throws SQLException {
    if (!Rows.exists(c, "units", unitId)) {
      throw new FieldException("unitId", "no unit " + unitId);
    }
  }

  private static Station map(ResultSet rs) throws SQLException {
    return new Station(
        rs.getString("id"),
        rs.getString("unit_id"),
        rs.getString("name"),
        Rows.getDouble(rs, "lat"),
        Rows.getDouble(rs, "lon"));
  }
}
