package org.citysense.cloud.pipeline;

import java.util.List;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;

/** The items set aside ({@code set_aside}), newest first for people. */
public final class SetAsideLog {
  private final Transactions db;

  public SetAsideLog(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  public void add(SetAside s) {
    db.once(
        "setting aside an item of log entry " + s.position(),
        c ->
            Rows.update(
                c,
                "INSERT INTO set_aside (position, gateway_id, device_id, stage, reason, item, at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                s.position(),
                s.gatewayId(),
                s.deviceId(),
                s.stage(),
                s.reason(),
                s.item(),
                s.at()));
  }

  public List<SetAside> newest(int limit) {
    return db.once(
        "reading the items set aside",
        c ->
            Rows.list(
                c,
                "SELECT id, position, gateway_id, device_id, stage, reason, item, at"
                    + " FROM set_aside ORDER BY id DESC LIMIT ?",
                rs ->
                    new SetAside(
                        rs.getLong("id"),
                        rs.getLong("position"),
                        rs.getString("gateway_id"),
                        rs.getString("device_id"),
                        rs.getString("stage"),
                        rs.getString("reason"),
                        rs.getString("item"),
                        Times.get(rs, "at")),
                limit));
  }

  public long count() {
    return db.once(
        "counting the items set aside",
        c -> Rows.one(c, "SELECT COUNT(*) FROM set_aside", rs -> rs.getLong(1)).orElse(0L));
  }
}
