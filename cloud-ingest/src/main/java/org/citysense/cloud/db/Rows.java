package org.citysense.cloud.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers: query with parameters, map rows, nullable doubles. */
public final class Rows {
  private Rows() {}

  @FunctionalInterface
  public interface Mapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  public static <T> List<T> list(Connection c, String sql, Mapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
      }
      return rows;
    }
  }

  public static <T> Optional<T> one(Connection c, String sql, Mapper<T> mapper, Object... params)
      throws SQLException {
    List<T> rows = list(c, sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
  }

  public static boolean exists(Connection c, String table, String id) throws SQLException {
    return one(c, "SELECT 1 FROM " + table + " WHERE id = ?", rs -> true, id).isPresent();
  }

  public static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      return s.executeUpdate();
    }
  }

  /** Binds parameters; a null double must be typed, or PostgreSQL guesses wrong. */
  public static void bind(PreparedStatement s, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof NullDouble) {
        s.setNull(i + 1, Types.DOUBLE);
      } else if (p instanceof Instant t) {
        s.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      } else if (p == null) {
        s.setNull(i + 1, Types.VARCHAR);
      } else {
        s.setObject(i + 1, p);
      }
    }
  }

  /** A double parameter, typed even when null. */
  public static Object dbl(Double value) {
    return value == null ? NullDouble.INSTANCE : value;
  }

  public static Double getDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  private enum NullDouble {
    INSTANCE
  }
}
