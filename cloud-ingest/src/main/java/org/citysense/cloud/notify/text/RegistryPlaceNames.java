package org.citysense.cloud.notify.text;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.citysense.cloud.cache.ExpiringCache;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.registry.Household;
import org.citysense.cloud.registry.HouseholdRepository;
import org.citysense.cloud.registry.Station;
import org.citysense.cloud.registry.StationRepository;

/**
 * Place names from the registry: the household's name, else the station's. Kept a few minutes, so a
 * burst of messages about one place reads the registry once, and a rename shows soon after.
 */
public final class RegistryPlaceNames implements PlaceNames {
  private static final Duration KEEP = Duration.ofMinutes(5);
  private static final int ENTRIES = 10_000;

  private final HouseholdRepository households;
  private final StationRepository stations;
  private final ExpiringCache<String, Optional<String>> names;

  public RegistryPlaceNames(
      HouseholdRepository households, StationRepository stations, Clock clock) {
    this.households = households;
    this.stations = stations;
    this.names = new ExpiringCache<>(ENTRIES, KEEP, clock);
  }

  @Override
  public Optional<String> of(Event e) {
    if (e.householdId() != null) {
      return names.get(
          "household:" + e.householdId(),
          k -> households.get(e.householdId()).map(Household::name).filter(n -> !n.isBlank()));
    }
    if (e.stationId() != null) {
      return names.get(
          "station:" + e.stationId(),
          k -> stations.get(e.stationId()).map(Station::name).filter(n -> !n.isBlank()));
    }
    return Optional.empty();
  }
}
