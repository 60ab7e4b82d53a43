package org.citysense.cloud.registry;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;

/** Gateways. Their ids are made here, at enrollment, so that no two communities pick the same. */
public final class GatewayRepository {
  private static final String COLUMNS =
      "SELECT id, unit_id, name, last_contact, clock_offset_ms, clock_flagged, edge_evicted,"
          + " edge_rejected, edge_quarantined, seq_start, numbering_restarts,"
          + " numbering_restarted_at FROM gateways";
  private static final char[] ID_CHARS = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();

  private final Transactions db;
  private final SecureRandom random = new SecureRandom();

  public GatewayRepository(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  /** Creates a gateway of {@code unitId} with a fresh id. */
  public Gateway create(String unitId, String name) {
    return db.inTransaction("creating a gateway for " + unitId, c -> create(c, unitId, name));
  }

  /** As {@link #create(String, String)}, within the caller's transaction (enrollment's). */
  public Gateway create(Connection c, String unitId, String name) throws SQLException {
    Checks.id("unitId", unitId);
    String checked = Checks.text("name", name, 200);
    StationRepository.requireUnit(c, unitId);
    String id = newId();
    Rows.update(
        c, "INSERT INTO gateways (id, unit_id, name) VALUES (?, ?, ?)", id, unitId, checked);
    return new Gateway(id, unitId, checked, null, null, false, 0, 0, 0, null, 0, null);
  }

  public Gateway rename(String id, String name) {
    String checked = Checks.text("name", name, 200);
    return db.inTransaction(
        "renaming gateway " + id,
        c -> {
          if (Rows.update(c, "UPDATE gateways SET name = ? WHERE id = ?", checked, id) == 0) {
            throw new NotFoundException("gateway", id);
          }
          return Rows.one(c, COLUMNS + " WHERE id = ?", GatewayRepository::map, id).orElseThrow();
        });
  }

  public Optional<Gateway> get(String id) {
    return db.once(
        "reading gateway " + id,
        c -> Rows.one(c, COLUMNS + " WHERE id = ?", GatewayRepository::map, id));
  }

  /** Gateways directly in {@code unitId}. */
  public List<Gateway> list(String unitId) {
    return db.once(
        "listing gateways of " + unitId,
        c ->
            Rows.list(
                c, COLUMNS + " WHERE unit_id = ? ORDER BY id", GatewayRepository::map, unitId));
  }

  private String newId() {
    StringBuilder id = new StringBuilder("gw-");
    for (int i = 0; i < 10; i++) {
      id.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
    }
    return id.toString();
  }

  private static Gateway map(ResultSet rs) throws SQLException {
    long offset = rs.getLong("clock_offset_ms");
    Long clockOffset = rs.wasNull() ? null : offset;
    long start = rs.getLong("seq_start");
    Long seqStart = rs.wasNull() ? null : start;
    return new Gateway(
        rs.getString("id"),
        rs.getString("unit_id"),
        rs.getString("name"),
        Times.get(rs, "last_contact"),
        clockOffset,
        rs.getBoolean("clock_flagged"),
        rs.getLong("edge_evicted"),
        rs.getLong("edge_rejected"),
        rs.getLong("edge_quarantined"),
        seqStart,
        rs.getLong("numbering_restarts"),
        Times.get(rs, "numbering_restarted_at"));
  }
}
