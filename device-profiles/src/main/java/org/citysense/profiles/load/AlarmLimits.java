package org.citysense.profiles.load;

import java.util.List;
import java.util.Optional;
import org.citysense.profiles.model.AlarmLimit;
import org.citysense.profiles.quantity.Quantity;

/** Reads a numeric alarm limit ({@code above}, {@code below}) for profiles and device overrides. */
final class AlarmLimits {
  private AlarmLimits() {}

  static Optional<AlarmLimit> read(YamlMap a, Quantity q) {
    a.allowOnly(List.of("above", "below"));
    if (q.isBoolean()) {
      a.issues().error(a.line(), a.path(), q + " is a boolean; write alarm: true");
      return Optional.empty();
    }
    Optional<Double> above = a.number("above", false);
    Optional<Double> below = a.number("below", false);
    if (!a.has("above") && !a.has("below")) {
      a.issues().error(a.line(), a.path(), "give above, below or both");
      return Optional.empty();
    }
    return Optional.of(new AlarmLimit(above.orElse(null), below.orElse(null)));
  }
}
