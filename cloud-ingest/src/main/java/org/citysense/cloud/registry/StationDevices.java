package org.citysense.cloud.registry;

import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;

/** The devices that hang from a station, read from the registry on the active database. */
public final class StationDevices {
  private final Transactions db;
  private final StationRepository stations;

  public StationDevices(DataSource dataSource) {
    this.db = new Transactions(dataSource);
    this.stations = new StationRepository(dataSource);
  }

  /** The ids of the station's devices, or empty when there is no such station. */
  public Optional<List<String>> deviceIds(String stationId) {
    if (stations.get(stationId).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        db.once(
            "listing devices of station " + stationId,
            c ->
                Rows.list(
                    c,
                    "SELECT id FROM devices WHERE station_id = ? ORDER BY id",
                    rs -> rs.getString(1),
                    stationId)));
  }
}
