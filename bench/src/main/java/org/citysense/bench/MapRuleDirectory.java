package org.citysense.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.citysense.cloud.evaluate.DeviceContext;
import org.citysense.cloud.evaluate.RuleDirectory;
import org.citysense.cloud.evaluate.StationPlace;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.quantity.Quantity;

/**
 * A {@link RuleDirectory} answering from maps filled before the run, as a warm cache would: no
 * database behind it. {@link #stationsMeasuring} hands out the same immutable list on every call,
 * which lets the neighbour rule keep its neighbour lists.
 */
final class MapRuleDirectory implements RuleDirectory {
  private final ProfileCatalog profiles;
  private final Map<String, DeviceContext> devices = new HashMap<>();
  private final Map<String, String> gatewayUnits = new HashMap<>();
  private final Map<String, StationPlace> stations = new LinkedHashMap<>();
  private final Map<String, Map<String, Double>> levels = new HashMap<>();
  private final Map<Quantity, List<StationPlace>> measuring = new EnumMap<>(Quantity.class);

  MapRuleDirectory(ProfileCatalog profiles) {
    this.profiles = profiles;
  }

  void gateway(String gatewayId, String unitId) {
    gatewayUnits.put(gatewayId, unitId);
  }

  void station(StationPlace place) {
    stations.put(place.stationId(), place);
  }

  void level(String stationId, String level, double value) {
    levels.computeIfAbsent(stationId, s -> new HashMap<>()).put(level, value);
  }

  void device(DeviceContext device) {
    devices.put(device.deviceId(), device);
  }

  /** Builds the per-quantity station lists from the devices' profiles; call once all are added. */
  void seal() {
    Map<Quantity, List<StationPlace>> lists = new EnumMap<>(Quantity.class);
    Map<Quantity, java.util.Set<String>> seen = new EnumMap<>(Quantity.class);
    for (DeviceContext d : devices.values()) {
      if (d.stationId() == null || !stations.containsKey(d.stationId())) {
        continue;
      }
      List<Point> points =
          profiles
              .find(d.profile())
              .orElseThrow(() -> new IllegalStateException("no profile " + d.profile()))
              .points();
      for (Point p : points) {
        if (seen.computeIfAbsent(p.quantity(), q -> new java.util.HashSet<>()).add(d.stationId())) {
          lists
              .computeIfAbsent(p.quantity(), q -> new ArrayList<>())
              .add(stations.get(d.stationId()));
        }
      }
    }
    measuring.clear();
    lists.forEach((q, l) -> measuring.put(q, List.copyOf(l)));
  }

  @Override
  public Optional<DeviceContext> device(String deviceId) {
    return Optional.ofNullable(devices.get(deviceId));
  }

  @Override
  public Optional<String> gatewayUnit(String gatewayId) {
    return Optional.ofNullable(gatewayUnits.get(gatewayId));
  }

  @Override
  public List<StationPlace> stationsMeasuring(Quantity q) {
    return measuring.getOrDefault(q, List.of());
  }

  @Override
  public OptionalDouble stationLevel(String stationId, String level) {
    Map<String, Double> set = levels.get(stationId);
    Double v = set == null ? null : set.get(level);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}
