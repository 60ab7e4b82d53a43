package org.citysense.cloud.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;

/** A station's named levels (warning, danger…) that threshold rules compare readings with. */
public final class StationLevels {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  private final Transactions db;

  public StationLevels(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  /** The station's levels by name, empty when it has none. */
  public Map<String, Double> get(String stationId) {
    return db.once(
        "reading levels of station " + stationId,
        c -> {
          if (!Rows.exists(c, "stations", stationId)) {
            throw new NotFoundException("station", stationId);
          }
          Map<String, Double> levels = new LinkedHashMap<>();
          for (Object[] row :
              Rows.list(
                  c,
                  "SELECT name, level FROM station_levels WHERE station_id = ? ORDER BY name",
                  rs -> new Object[] {rs.getString(1), rs.getDouble(2)},
                  stationId)) {
            levels.put((String) row[0], (Double) row[1]);
          }
          return levels;
        });
  }

  /** Replaces all the station's levels with {@code levels}. */
  public Map<String, Double> replace(String stationId, Map<String, Double> levels) {
    levels.forEach(
        (name, value) -> {
          if (name == null || !NAME.matcher(name).matches()) {
            throw new FieldException(
                String.valueOf(name), "a level name is lower-case letters, digits, _ or -");
          }
          if (value == null || !Double.isFinite(value)) {
            throw new FieldException(name, "must be a finite number");
          }
        });
    db.inTransaction(
        "replacing levels of station " + stationId,
        c -> {
          if (!Rows.exists(c, "stations", stationId)) {
            throw new NotFoundException("station", stationId);
          }
          Rows.update(c, "DELETE FROM station_levels WHERE station_id = ?", stationId);
          for (Map.Entry<String, Double> e : levels.entrySet()) {
            Rows.update(
                c,
                "INSERT INTO station_levels (station_id, name, level) VALUES (?, ?, ?)",
                stationId,
                e.getKey(),
                e.getValue());
          }
          return null;
        });
    return get(stationId);
  }

  /** One level, for the rules. */
  public OptionalDouble level(String stationId, String name) {
    List<Double> found =
        db.once(
            "reading level " + name + " of station " + stationId,
            c ->
                Rows.list(
                    c,
                    "SELECT level FROM station_levels WHERE station_id = ? AND name = ?",
                    rs -> rs.getDouble(1),
                    stationId,
                    name));
    return found.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(found.get(0));
  }
}
