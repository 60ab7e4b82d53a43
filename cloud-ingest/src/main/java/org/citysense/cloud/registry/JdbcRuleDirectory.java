package org.citysense.cloud.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.citysense.cloud.cache.ExpiringCache;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;
import org.citysense.cloud.evaluate.DeviceContext;
import org.citysense.cloud.evaluate.RuleDirectory;
import org.citysense.cloud.evaluate.StationPlace;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.quantity.Quantity;

/**
 * The registry as the rules see it, remembered for {@code ttl}: rules ask on every reading, and a
 * registry edit reaching them a little later is harmless. Each cache keeps at most {@code capacity}
 * answers, the least recently used going first. An answer is kept as the same object while it is
 * fresh, so the neighbour rule can tell when a station list changed.
 */
public final class JdbcRuleDirectory implements RuleDirectory {
  private static final String DEVICE =
      "SELECT d.id, d.gateway_id, d.profile, d.station_id, d.household_id,"
          + " COALESCE(s.unit_id, h.unit_id, d.unit_id, g.unit_id) AS routed_unit"
          + " FROM devices d JOIN gateways g ON g.id = d.gateway_id"
          + " LEFT JOIN stations s ON s.id = d.station_id"
          + " LEFT JOIN households h ON h.id = d.household_id";

  private final Transactions db;
  private final StationLevels levels;
  private final ProfileCatalog profiles;
  private final Clock clock;
  private final Duration ttl;
  // unknown ids are remembered too (the rules ask on every item); the bound keeps made-up ones few
  private final ExpiringCache<String, Optional<DeviceContext>> devices;
  private final ExpiringCache<String, Optional<String>> gateways;
  private final ExpiringCache<String, OptionalDouble> stationLevels;
  // stations the remembered lists lacked and were read again for: once per ttl each, so that a
  // station just registered is judged from its first reading, and one without a position costs a
  // query per ttl, not one per reading
  private final ExpiringCache<String, Boolean> lookedFor;
  private final Map<Quantity, Cached<List<StationPlace>>> stations = new EnumMap<>(Quantity.class);

  private record Cached<T>(T value, Instant expires) {}

  /**
   * @param capacity how many answers each of the caches keeps at most
   */
  public JdbcRuleDirectory(
      DataSource dataSource, ProfileCatalog profiles, Clock clock, Duration ttl, int capacity) {
    this.db = new Transactions(dataSource);
    this.levels = new StationLevels(dataSource);
    this.profiles = profiles;
    this.clock = clock;
    this.ttl = ttl;
    this.devices = new ExpiringCache<>(capacity, ttl, clock);
    this.gateways = new ExpiringCache<>(capacity, ttl, clock);
    this.stationLevels = new ExpiringCache<>(capacity, ttl, clock);
    this.lookedFor = new ExpiringCache<>(capacity, ttl, clock);
  }

  @Override
  public Optional<DeviceContext> device(String deviceId) {
    if (!Checks.isId(deviceId)) {
      // no device has such an id: a long made-up one is neither looked up nor remembered
      return Optional.empty();
    }
    return devices.get(deviceId, this::loadDevice);
  }

  @Override
  public Optional<String> gatewayUnit(String gatewayId) {
    return gateways.get(
        gatewayId,
        id ->
            db.once(
                "reading the unit of gateway " + gatewayId,
                c ->
                    Rows.one(
                        c,
                        "SELECT unit_id FROM gateways WHERE id = ?",
                        rs -> rs.getString(1),
                        gatewayId)));
  }

  @Override
  public synchronized List<StationPlace> stationsMeasuring(Quantity q) {
    Instant now = clock.instant();
    Cached<List<StationPlace>> hit = stations.get(q);
    if (hit != null && now.isBefore(hit.expires())) {
      return hit.value();
    }
    List<StationPlace> found = loadStations(q);
    if (hit != null && hit.value().equals(found)) {
      found = hit.value();
    }
    stations.put(q, new Cached<>(found, now.plus(ttl)));
    return found;
  }

  @Override
  public synchronized List<StationPlace> stationsMeasuring(Quantity q, String including) {
    List<StationPlace> known = stationsMeasuring(q);
    if (known.stream().anyMatch(p -> p.stationId().equals(including))
        || !Checks.isId(including)
        || !firstLookFor(q.id() + "\u0000" + including)) {
      return known;
    }
    List<StationPlace> found = loadStations(q);
    List<StationPlace> kept = found.equals(known) ? known : found;
    stations.put(q, new Cached<>(kept, clock.instant().plus(ttl)));
    return kept;
  }

  /** Whether this is the first look for the key within ttl. */
  private boolean firstLookFor(String key) {
    boolean[] first = {false};
    lookedFor.get(
        key,
        k -> {
          first[0] = true;
          return Boolean.TRUE;
        });
    return first[0];
  }

  @Override
  public OptionalDouble stationLevel(String stationId, String level) {
    return stationLevels.get(stationId + "\u0000" + level, key -> levels.level(stationId, level));
  }

  private Optional<DeviceContext> loadDevice(String deviceId) {
    return db.once(
        "reading device " + deviceId + " for the rules",
        c -> Rows.one(c, DEVICE + " WHERE d.id = ?", JdbcRuleDirectory::context, deviceId));
  }

  /** Every registered device, read now (not cached): for seeding the rules at a start. */
  public List<DeviceContext> allDevices() {
    return db.once(
        "reading every device for the rules",
        c -> Rows.list(c, DEVICE + " ORDER BY d.id", JdbcRuleDirectory::context));
  }

  private static DeviceContext context(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new DeviceContext(
        rs.getString("id"),
        rs.getString("gateway_id"),
        rs.getString("profile"),
        rs.getString("station_id"),
        rs.getString("household_id"),
        rs.getString("routed_unit"));
  }

  /** Stations with a position and a device whose profile has a point of quantity {@code q}. */
  private List<StationPlace> loadStations(Quantity q) {
    Set<String> measuring =
        profiles.all().stream()
            .filter(p -> p.points().stream().anyMatch(pt -> pt.quantity() == q))
            .map(p -> p.id())
            .collect(Collectors.toSet());
    if (measuring.isEmpty()) {
      return List.of();
    }
    String marks = measuring.stream().map(id -> "?").collect(Collectors.joining(", "));
    return db.once(
        "listing stations measuring " + q.id(),
        c ->
            Rows.list(
                c,
                "SELECT s.id, s.unit_id, s.lat, s.lon FROM stations s"
                    + " WHERE s.lat IS NOT NULL AND s.lon IS NOT NULL AND EXISTS"
                    + " (SELECT 1 FROM devices d WHERE d.station_id = s.id AND d.profile IN ("
                    + marks
                    + ")) ORDER BY s.id",
                rs ->
                    new StationPlace(
                        rs.getString("id"),
                        rs.getString("unit_id"),
                        rs.getDouble("lat"),
                        rs.getDouble("lon")),
                measuring.toArray()));
  }
}
