package org.citysense.cloud.overview;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;

/** The stations of a set of units by id, in one query: to scope and name what the rules report. */
public final class StationIndex {
  /** A station's unit and name. */
  public record Entry(String id, String unitId, String name) {}

  private final Transactions db;

  public StationIndex(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  /**
   * @param unitIds null for every unit
   */
  public Map<String, Entry> of(Collection<String> unitIds) {
    if (unitIds != null && unitIds.isEmpty()) {
      return Map.of();
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
    String sql = "SELECT id, unit_id, name FROM stations" + where;
    Map<String, Entry> byId = new HashMap<>();
    db.once(
        "reading the stations of units",
        c ->
            Rows.list(
                c,
                sql,
                rs ->
                    byId.put(
                        rs.getString("id"),
                        new Entry(
                            rs.getString("id"), rs.getString("unit_id"), rs.getString("name"))),
                params.toArray()));
    return byId;
  }
}
