package org.citysense.cloud.overview;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.citysense.cloud.store.ReadingStore;
import org.citysense.cloud.store.StoreUnavailableException;
import org.citysense.cloud.store.StoredReading;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.jboss.logging.Logger;

/**
 * Puts a station's, household's or device's page together: the place and its devices from {@link
 * PlaceQueries}, each device's quantities from its profile, and its newest reading from the reading
 * store ({@link ReadingStore#latest}, the newest point of each series: cheap on both stores). With
 * the reading store away the page still answers, without the readings' times. The caller checks the
 * caller's scope and adds the events.
 */
public final class Places {
  private static final Logger LOG = Logger.getLogger(Places.class);

  private final PlaceQueries queries;
  private final Map<String, List<Place.Quantity>> quantitiesByProfile;
  private final ReadingStore readings;
  private final Supplier<Duration> gatewaySilence;
  private final Clock clock;

  /**
   * @param gatewaySilence the silence after which a gateway is offline, as the map counts it
   */
  public Places(
      PlaceQueries queries,
      ProfileCatalog profiles,
      ReadingStore readings,
      Supplier<Duration> gatewaySilence,
      Clock clock) {
    this.queries = queries;
    Map<String, List<Place.Quantity>> byProfile = new HashMap<>();
    for (DeviceProfile p : profiles.all()) {
      byProfile.put(p.id(), quantities(p));
    }
    this.quantitiesByProfile = Map.copyOf(byProfile);
    this.readings = readings;
    this.gatewaySilence = gatewaySilence;
    this.clock = clock;
  }

  /** The place's page; empty when there is no such place. */
  public Optional<Place> find(PlaceKind kind, String id) {
    Instant now = clock.instant();
    Duration silence = gatewaySilence.get();
    Optional<PlaceQueries.Found> found = queries.find(kind, id, now.minus(silence), now);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    PlaceQueries.Header h = found.get().header();
    List<PlaceQueries.DeviceRow> rows = found.get().devices();
    Map<String, Instant> newest = null;
    try {
      newest = newest(rows.stream().map(PlaceQueries.DeviceRow::id).toList());
    } catch (StoreUnavailableException e) {
      LOG.warnf("reading store unavailable for %s %s: %s", kind.id(), id, e.getMessage());
    }
    List<Place.Device> devices = devices(rows, newest);
    long offline = rows.stream().filter(PlaceQueries.DeviceRow::offline).count();
    long maintenance = rows.stream().filter(r -> r.maintenance() != null).count();
    long events = found.get().activeEvents();
    boolean household = kind == PlaceKind.HOUSEHOLD;
    return Optional.of(
        new Place(
            kind.id(),
            h.id(),
            h.name(),
            h.unitId(),
            household ? mean(rows.stream().map(PlaceQueries.DeviceRow::lat).toList()) : h.lat(),
            household ? mean(rows.stream().map(PlaceQueries.DeviceRow::lon).toList()) : h.lon(),
            h.address(),
            h.stationId(),
            h.householdId(),
            Marker.state(events, offline, maintenance),
            events,
            now,
            silence.toSeconds(),
            newest == null,
            devices));
  }

  private List<Place.Device> devices(
      List<PlaceQueries.DeviceRow> rows, Map<String, Instant> newest) {
    return rows.stream()
        .map(
            r ->
                new Place.Device(
                    r.id(),
                    r.profile(),
                    r.place(),
                    // a profile this version no longer ships: nothing to say what it measures
                    quantitiesByProfile.getOrDefault(r.profile(), List.of()),
                    r.gatewayId(),
                    r.gatewayLastContact(),
                    newest == null ? null : newest.get(r.id()),
                    r.offline(),
                    r.maintenance()))
        .toList();
  }

  /** The time of each device's newest reading, over all its quantities. */
  private Map<String, Instant> newest(List<String> deviceIds) {
    Map<String, Instant> newest = new HashMap<>();
    if (deviceIds.isEmpty()) {
      return newest;
    }
    for (StoredReading r : readings.latest(deviceIds)) {
      Instant ts = Instant.ofEpochMilli(r.reading().ts());
      newest.merge(r.reading().deviceId(), ts, (a, b) -> a.isAfter(b) ? a : b);
    }
    return newest;
  }

  /** Each quantity once, in the profile's order, in the unit readings of it are stored in. */
  private static List<Place.Quantity> quantities(DeviceProfile profile) {
    return profile.points().stream()
        .map(Point::quantity)
        .distinct()
        .map(q -> new Place.Quantity(q.id(), q.canonicalUnit().symbol()))
        .toList();
  }

  /** The mean of the known values, as SQL's AVG; null when none is known. */
  private static Double mean(List<Double> values) {
    List<Double> known = values.stream().filter(Objects::nonNull).toList();
    return known.isEmpty()
        ? null
        : known.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
