package org.citysense.cloud.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import okhttp3.OkHttpClient;
import org.citysense.profiles.wire.WireReading;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.jboss.logging.Logger;

/**
 * Readings in InfluxDB 1.x over its HTTP API (influxdb-java). Schema, one point per reading:
 *
 * <pre>
 * reading,device=pm-st01,gateway=gw-0001,point=pm2_5,quality=good,quantity=pm2_5
 *     seq=101i,unit="µg/m³",value=35.0 1795334400000000101
 * </pre>
 *
 * Tags are the low-cardinality identity (gateway, device, point, quantity, quality); fields are
 * {@code seq} (integer), {@code value} (float) for numbers or {@code state} (boolean) for booleans,
 * neither for comm_error/invalid, and {@code unit}. The time is the reading's ms plus {@code seq
 * mod 10^6} ns: a re-sent reading is the same point (measurement, tags, time) and overwrites
 * itself, so (gateway, seq) is stored once; two readings of one series in the same ms keep both.
 * Each {@link #write} is one HTTP write of all points (ns precision). See docs/storage.md.
 */
public final class InfluxReadingStore implements ReadingStore {
  private static final Logger LOG = Logger.getLogger(InfluxReadingStore.class);

  private final String url;
  private final String database;
  private final InfluxDB influx;

  /** Connects lazily to {@code url} (e.g. {@code http://127.0.0.1:8086}) without credentials. */
  public InfluxReadingStore(String url, String database) {
    this(url, database, null, null);
  }

  /** As above, with a user; {@code username} null means none. */
  public InfluxReadingStore(String url, String database, String username, String password) {
    this.url = url;
    this.database = database;
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(30, TimeUnit.SECONDS)
            .writeTimeout(30, TimeUnit.SECONDS)
            .retryOnConnectionFailure(false)
            .addInterceptor(new ServerErrorInterceptor());
    this.influx =
        username == null
            ? InfluxDBFactory.connect(url, http)
            : InfluxDBFactory.connect(url, username, password, http);
  }

  /** Creates the database unless it exists (CREATE DATABASE is idempotent in 1.x). */
  public void createDatabaseIfMissing() {
    run(new Query("CREATE DATABASE \"" + database.replace("\"", "\\\"") + "\"", null, true));
  }

  @Override
  public void write(String gatewayId, List<WireReading> readings) {
    if (readings.isEmpty()) {
      return;
    }
    BatchPoints.Builder batch = BatchPoints.database(database).precision(TimeUnit.NANOSECONDS);
    for (WireReading r : readings) {
      batch.point(InfluxPoints.point(gatewayId, r));
    }
    try {
      influx.write(batch.build());
    } catch (InfluxDBIOException e) {
      throw unavailable(
          "cannot store " + readings.size() + " readings", "gateway: " + gatewayId, e);
    } catch (InfluxDBException e) {
      throw refused("a write [gateway: " + gatewayId + "]", e.getMessage(), e);
    }
  }

  @Override
  public List<StoredReading> readings(
      String deviceId, String quantity, Instant from, Instant to, int offset, int limit) {
    String sql =
        "SELECT * FROM "
            + InfluxPoints.MEASUREMENT
            + " WHERE device = $device"
            + (quantity == null ? "" : " AND quantity = $quantity")
            + " AND time >= "
            + nanos(from)
            + " AND time < "
            + nanos(to)
            + (limit == Integer.MAX_VALUE ? "" : " LIMIT " + limit)
            + (offset == 0 ? "" : " OFFSET " + offset);
    Query query = new Query(sql, database).bindParameter("device", deviceId);
    if (quantity != null) {
      query.bindParameter("quantity", quantity);
    }
    return rows(run(query));
  }

  @Override
  public List<Bucket> aggregate(
      String deviceId, String quantity, Instant from, Instant to, Duration every) {
    String sql =
        "SELECT MIN(value), MEAN(value), MAX(value), COUNT(value) FROM "
            + InfluxPoints.MEASUREMENT
            + " WHERE device = $device AND quantity = $quantity AND time >= "
            + nanos(from)
            + " AND time < "
            + nanos(to)
            + " GROUP BY time("
            + every.toMillis()
            + "ms) fill(none)";
    Query query =
        new Query(sql, database)
            .bindParameter("device", deviceId)
            .bindParameter("quantity", quantity);
    List<Bucket> buckets = new ArrayList<>();
    for (QueryResult.Series s : series(run(query))) {
      for (List<Object> row : s.getValues()) {
        buckets.add(
            new Bucket(
                Instant.ofEpochMilli(((Number) row.get(0)).longValue()),
                ((Number) row.get(1)).doubleValue(),
                ((Number) row.get(2)).doubleValue(),
                ((Number) row.get(3)).doubleValue(),
                ((Number) row.get(4)).longValue()));
      }
    }
    return buckets;
  }

  @Override
  public List<StoredReading> latest(List<String> deviceIds) {
    if (deviceIds.isEmpty()) {
      return List.of();
    }
    String devices =
        IntStream.range(0, deviceIds.size())
            .mapToObj(i -> "device = $d" + i)
            .collect(Collectors.joining(" OR "));
    Query query =
        new Query(
            "SELECT * FROM "
                + InfluxPoints.MEASUREMENT
                + " WHERE "
                + devices
                + " GROUP BY device, quantity ORDER BY time DESC LIMIT 1",
            database);
    for (int i = 0; i < deviceIds.size(); i++) {
      query.bindParameter("d" + i, deviceIds.get(i));
    }
    return rows(run(query));
  }

  /**
   * Counts, then deletes, the points older than {@code before}; the count misses points written
   * between the two statements. (A retention policy would delete by shard, coarsely; the cloud's
   * retention job calls this instead so that both stores behave alike.)
   */
  @Override
  public long deleteBefore(Instant before) {
    String where = " FROM " + InfluxPoints.MEASUREMENT + " WHERE time < " + nanos(before);
    long count = 0;
    for (QueryResult.Series s : series(run(new Query("SELECT COUNT(seq)" + where, database)))) {
      count += ((Number) s.getValues().get(0).get(1)).longValue();
    }
    run(new Query("DELETE" + where, database, true));
    LOG.debugf("deleted %d readings [url: %s, before: %s]", count, url, before);
    return count;
  }

  private QueryResult run(Query query) {
    QueryResult result;
    try {
      result = influx.query(query, TimeUnit.MILLISECONDS);
    } catch (InfluxDBIOException e) {
      throw unavailable("cannot query", "query: " + query.getCommand(), e);
    } catch (InfluxDBException e) {
      throw refused("[query: " + query.getCommand() + "]", e.getMessage(), e);
    }
    if (result.hasError()) {
      throw refused("[query: " + query.getCommand() + "]", result.getError(), null);
    }
    for (QueryResult.Result r : result.getResults()) {
      if (r.hasError()) {
        throw refused("[query: " + query.getCommand() + "]", r.getError(), null);
      }
    }
    return result;
  }

  /** A 4xx or a query error: a bug or a misconfiguration, not a reason to retry. */
  private IllegalStateException refused(String what, String error, Exception cause) {
    return new IllegalStateException(
        "InfluxDB at " + url + " refused " + what + " [database: " + database + "]: " + error,
        cause);
  }

  private static List<QueryResult.Series> series(QueryResult result) {
    List<QueryResult.Series> all = new ArrayList<>();
    for (QueryResult.Result r : result.getResults()) {
      if (r.getSeries() != null) {
        all.addAll(r.getSeries());
      }
    }
    return all;
  }

  private static List<StoredReading> rows(QueryResult result) {
    List<StoredReading> found = new ArrayList<>();
    for (QueryResult.Series s : series(result)) {
      for (List<Object> row : s.getValues()) {
        found.add(InfluxPoints.reading(s, row));
      }
    }
    return found;
  }

  private static long nanos(Instant t) {
    long ms = t.toEpochMilli();
    return ms >= Long.MAX_VALUE / InfluxPoints.NANOS_PER_MILLI
        ? Long.MAX_VALUE
        : ms * InfluxPoints.NANOS_PER_MILLI;
  }

  private StoreUnavailableException unavailable(
      String what, String context, InfluxDBIOException e) {
    String cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    return new StoreUnavailableException(
        "the reading store (InfluxDB)",
        "InfluxDB at "
            + url
            + ": "
            + what
            + " ["
            + context
            + ", database: "
            + database
            + "]: "
            + cause,
        e);
  }

  @Override
  public void close() {
    influx.close();
  }
}
