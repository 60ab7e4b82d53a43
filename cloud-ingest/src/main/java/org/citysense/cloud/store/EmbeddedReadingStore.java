package org.citysense.cloud.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.WireReading;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jboss.logging.Logger;

/**
 * The no-server default: readings in one table of an embedded H2 database, reached through plain
 * JDBC. The primary key (gateway_id, seq) makes a re-sent reading overwrite itself, so it is stored
 * once; each {@link #write} is one transaction of batched MERGE statements, all or nothing.
 *
 * <p>Values are kept in two nullable columns, {@code num_value} and {@code bool_value}; both are
 * null for comm_error and invalid readings. Times are epoch milliseconds.
 */
public final class EmbeddedReadingStore implements ReadingStore {
  private static final Logger LOG = Logger.getLogger(EmbeddedReadingStore.class);

  private static final List<String> DDL =
      List.of(
          "CREATE TABLE IF NOT EXISTS reading ("
              + " gateway_id VARCHAR NOT NULL, seq BIGINT NOT NULL,"
              + " device_id VARCHAR NOT NULL, point VARCHAR NOT NULL, quantity VARCHAR NOT NULL,"
              + " num_value DOUBLE PRECISION, bool_value BOOLEAN, unit VARCHAR NOT NULL,"
              + " ts BIGINT NOT NULL, quality VARCHAR NOT NULL,"
              + " PRIMARY KEY (gateway_id, seq))",
          "CREATE INDEX IF NOT EXISTS reading_device_ts ON reading (device_id, ts)",
          "CREATE INDEX IF NOT EXISTS reading_device_quantity_ts"
              + " ON reading (device_id, quantity, ts)",
          "CREATE INDEX IF NOT EXISTS reading_ts ON reading (ts)");

  private static final String COLUMNS =
      "gateway_id, seq, device_id, point, quantity, num_value, bool_value, unit, ts, quality";
  private static final String MERGE =
      "MERGE INTO reading (" + COLUMNS + ") KEY (gateway_id, seq) VALUES (?,?,?,?,?,?,?,?,?,?)";

  private final DataSource dataSource;
  private final AutoCloseable owned;

  /** Uses {@code dataSource} (e.g. the one Quarkus manages), which the caller keeps and closes. */
  public EmbeddedReadingStore(DataSource dataSource) {
    this(dataSource, () -> {});
  }

  private EmbeddedReadingStore(DataSource dataSource, AutoCloseable owned) {
    this.dataSource = dataSource;
    this.owned = owned;
    createTable();
  }

  /**
   * Opens (or creates) the H2 database file {@code file}{@code .mv.db}; closed with the store. Each
   * commit reaches the file before it returns ({@code WRITE_DELAY=0}): H2's default writes it up to
   * half a second later, and a killed process would lose readings it had acknowledged. The store
   * closes the file itself ({@code DB_CLOSE_ON_EXIT=FALSE}), after the ingest has stopped.
   */
  public static EmbeddedReadingStore open(Path file) {
    JdbcConnectionPool pool =
        JdbcConnectionPool.create(
            "jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
            "sa",
            "");
    try {
      return new EmbeddedReadingStore(pool, pool::dispose);
    } catch (RuntimeException e) {
      pool.dispose();
      throw e;
    }
  }

  private void createTable() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String ddl : DDL) {
        s.execute(ddl);
      }
    } catch (SQLException e) {
      throw unavailable("cannot create the reading table", e);
    }
  }

  @Override
  public void write(String gatewayId, List<WireReading> readings) {
    if (readings.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement merge = c.prepareStatement(MERGE)) {
        for (WireReading r : readings) {
          bind(merge, gatewayId, r);
          merge.addBatch();
        }
        merge.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw unavailable(
          "cannot store " + readings.size() + " readings [gateway: " + gatewayId + "]", e);
    }
  }

  private static void bind(PreparedStatement s, String gatewayId, WireReading r)
      throws SQLException {
    s.setString(1, gatewayId);
    s.setLong(2, r.seq());
    s.setString(3, r.deviceId());
    s.setString(4, r.point());
    s.setString(5, r.quantity().id());
    if (r.value() instanceof Value.Num n) {
      s.setDouble(6, n.value());
    } else {
      s.setNull(6, Types.DOUBLE);
    }
    if (r.value() instanceof Value.Bool b) {
      s.setBoolean(7, b.value());
    } else {
      s.setNull(7, Types.BOOLEAN);
    }
    s.setString(8, r.unit());
    s.setLong(9, r.ts());
    s.setString(10, r.quality().id());
  }

  @Override
  public List<StoredReading> readings(
      String deviceId, String quantity, Instant from, Instant to, int offset, int limit) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM reading WHERE device_id = ? AND ts >= ? AND ts < ?"
            + (quantity == null ? "" : " AND quantity = ?")
            + " ORDER BY ts, gateway_id, seq LIMIT ? OFFSET ?";
    List<Object> params =
        new ArrayList<>(List.of(deviceId, from.toEpochMilli(), to.toEpochMilli()));
    if (quantity != null) {
      params.add(quantity);
    }
    params.add(limit);
    params.add(offset);
    return query(sql, params, "[device: " + deviceId + "]");
  }

  @Override
  public List<Bucket> aggregate(
      String deviceId, String quantity, Instant from, Instant to, Duration every) {
    long width = every.toMillis();
    // bucket start = ts rounded down to a multiple of the width, in the database (ts ≥ 0 here)
    String sql =
        "SELECT (ts / ?) * ? AS t, MIN(num_value), AVG(num_value), MAX(num_value),"
            + " COUNT(num_value) FROM reading"
            + " WHERE device_id = ? AND quantity = ? AND ts >= ? AND ts < ?"
            + " AND num_value IS NOT NULL GROUP BY t ORDER BY t";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, width);
      s.setLong(2, width);
      s.setString(3, deviceId);
      s.setString(4, quantity);
      s.setLong(5, from.toEpochMilli());
      s.setLong(6, to.toEpochMilli());
      List<Bucket> buckets = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          buckets.add(
              new Bucket(
                  Instant.ofEpochMilli(rs.getLong(1)),
                  rs.getDouble(2),
                  rs.getDouble(3),
                  rs.getDouble(4),
                  rs.getLong(5)));
        }
      }
      return buckets;
    } catch (SQLException e) {
      throw unavailable("cannot aggregate readings [device: " + deviceId + "]", e);
    }
  }

  @Override
  public List<StoredReading> latest(List<String> deviceIds) {
    if (deviceIds.isEmpty()) {
      return List.of();
    }
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM (SELECT r.*, ROW_NUMBER() OVER (PARTITION BY device_id, quantity"
            + " ORDER BY ts DESC, seq DESC) AS newest FROM reading r WHERE device_id IN ("
            + String.join(",", Collections.nCopies(deviceIds.size(), "?"))
            + ")) WHERE newest = 1 ORDER BY device_id, quantity";
    return query(sql, new ArrayList<>(deviceIds), "[devices: " + deviceIds + "]");
  }

  private List<StoredReading> query(String sql, List<Object> params, String context) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        s.setObject(i + 1, params.get(i));
      }
      List<StoredReading> found = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.add(row(rs));
        }
      }
      return found;
    } catch (SQLException e) {
      throw unavailable("cannot query readings " + context, e);
    }
  }

  private static StoredReading row(ResultSet rs) throws SQLException {
    double number = rs.getDouble("num_value");
    Value value = rs.wasNull() ? null : Value.of(number);
    boolean flag = rs.getBoolean("bool_value");
    if (!rs.wasNull()) {
      value = Value.of(flag);
    }
    WireReading reading =
        new WireReading(
            rs.getLong("seq"),
            rs.getString("device_id"),
            rs.getString("point"),
            Quantity.byId(rs.getString("quantity")).orElseThrow(),
            value,
            rs.getString("unit"),
            rs.getLong("ts"),
            Quality.byId(rs.getString("quality")).orElseThrow());
    return new StoredReading(rs.getString("gateway_id"), reading);
  }

  @Override
  public long deleteBefore(Instant before) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM reading WHERE ts < ?")) {
      s.setLong(1, before.toEpochMilli());
      int deleted = s.executeUpdate();
      LOG.debugf("deleted %d readings [before: %s]", deleted, before);
      return deleted;
    } catch (SQLException e) {
      throw unavailable("cannot delete readings [before: " + before + "]", e);
    }
  }

  private static StoreUnavailableException unavailable(String what, SQLException e) {
    return new StoreUnavailableException(
        "the embedded reading store", "embedded store: " + what + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    try {
      owned.close();
    } catch (Exception e) {
      LOG.warnf(e, "cannot close the embedded store");
    }
  }
}
