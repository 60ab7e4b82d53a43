package org.citysense.cloud.overview;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;

/** The units' outlines ({@code unit_outlines}): one checked GeoJSON geometry per unit. */
public final class OutlineRepository {
  /** A unit's outline. */
  public record Outline(String unitId, String geometry, Instant updatedAt, String updatedBy) {}

  private final Transactions db;

  public OutlineRepository(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  /** Stores or replaces the unit's outline. */
  public void put(String unitId, String geometry, Instant at, String by) {
    db.inTransaction(
        "storing the outline of unit " + unitId,
        c -> {
          int updated =
              Rows.update(
                  c,
                  "UPDATE unit_outlines SET geometry = ?, updated_at = ?, updated_by = ?"
                      + " WHERE unit_id = ?",
                  geometry,
                  at,
                  by,
                  unitId);
          if (updated == 0) {
            Rows.update(
                c,
                "INSERT INTO unit_outlines (unit_id, geometry, updated_at, updated_by)"
                    + " VALUES (?, ?, ?, ?)",
                unitId,
                geometry,
                at,
                by);
          }
          return null;
        });
  }

  public Optional<Outline> get(String unitId) {
    return db.once(
        "reading the outline of unit " + unitId,
        c ->
            Rows.one(
                c,
                "SELECT unit_id, geometry, updated_at, updated_by FROM unit_outlines"
                    + " WHERE unit_id = ?",
                OutlineRepository::row,
                unitId));
  }

  /** The outlines of {@code unitIds} (null: all), by unit id. */
  public List<Outline> list(Collection<String> unitIds) {
    if (unitIds != null && unitIds.isEmpty()) {
      return List.of();
    }
    List<Object> params = new ArrayList<>();
    String where = "";
    if (unitIds != null) {
      where =
          " WHERE unit_id IN ("
              + unitIds.stream().map(u -> "?").collect(Collectors.joining(", "))
              + ")";
      params.addAll(unitIds.stream().sorted().toList());
    }
    String sql =
        "SELECT unit_id, geometry, updated_at, updated_by FROM unit_outlines"
            + where
            + " ORDER BY unit_id";
    return db.once(
        "reading unit outlines", c -> Rows.list(c, sql, OutlineRepository::row, params.toArray()));
  }

  private static Outline row(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Outline(
        rs.getString("unit_id"),
        rs.getString("geometry"),
        org.citysense.cloud.db.Times.get(rs, "updated_at"),
        rs.getString("updated_by"));
  }
}
