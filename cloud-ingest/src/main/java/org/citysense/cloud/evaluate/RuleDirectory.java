package org.citysense.cloud.evaluate;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.citysense.profiles.quantity.Quantity;

/** The registry as the rules see it. Implementations cache; rules call it on every reading. */
public interface RuleDirectory {
  Optional<DeviceContext> device(String deviceId);

  /** The unit a gateway belongs to, for gateway events. */
  Optional<String> gatewayUnit(String gatewayId);

  /** Stations with a position that have at least one device whose profile measures {@code q}. */
  List<StationPlace> stationsMeasuring(Quantity q);

  /**
   * The same, asked for the sake of station {@code including}: a directory that remembers its
   * answers asks again when that station is missing, as it may have been registered since.
   */
  default List<StationPlace> stationsMeasuring(Quantity q, String including) {
    return stationsMeasuring(q);
  }

  /** A named level set on a station (e.g. "warning" for a river gauge), if any. */
  OptionalDouble stationLevel(String stationId, String level);
}
