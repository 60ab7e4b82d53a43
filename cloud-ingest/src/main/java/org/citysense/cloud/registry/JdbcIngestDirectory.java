package org.citysense.cloud.registry;

import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;
import org.citysense.cloud.ingest.DeviceRecord;
import org.citysense.cloud.ingest.IngestDirectory;

/** The registry's devices, as the ingest asks for them. */
public final class JdbcIngestDirectory implements IngestDirectory {
  private final Transactions db;

  public JdbcIngestDirectory(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  @Override
  public Optional<DeviceRecord> device(String deviceId) {
    return db.once(
        "looking up device " + deviceId,
        c ->
            Rows.one(
                c,
                "SELECT id, gateway_id, profile FROM devices WHERE id = ?",
                rs ->
                    new DeviceRecord(
                        rs.getString("id"), rs.getString("gateway_id"), rs.getString("profile")),
                deviceId));
  }
}
