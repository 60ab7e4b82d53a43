package org.citysense.cloud.evaluate;

import java.time.Instant;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;

/** One stored reading with what the rules need to know of its device. */
public record Observation(
    DeviceContext device,
    String point,
    Quantity quantity,
    Value value,
    Instant at,
    Quality quality) {
  public boolean good() {
    return quality == Quality.GOOD && value != null;
  }
}
