package org.citysense.cloud.evaluate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.citysense.cloud.rules.Rule;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.quantity.Unit;

/** Building value-rule signals and the words and numbers of their summaries. */
final class ValueSignals {
  private ValueSignals() {}

  /** A signal about one device (or one of its points): station and unit come from the device. */
  static Signal signal(
      Signal.Kind kind,
      Rule rule,
      Category category,
      SubjectKey subject,
      DeviceContext device,
      Instant at,
      Double value,
      String summary,
      Map<String, Object> details) {
    return new Signal(
        kind,
        rule.id(),
        rule.type(),
        rule.severity(),
        category,
        rule.autoResolve(),
        subject,
        device,
        device == null ? null : device.stationId(),
        device == null ? null : device.unitId(),
        at,
        value,
        summary,
        details,
        false,
        List.of());
  }

  /** A quantity as people say it: {@code water_level} is "water level". */
  static String name(Quantity quantity) {
    return quantity.id().replace('_', ' ');
  }

  /** " %LEL", " m/h": the canonical unit's symbol with a leading space; empty for booleans. */
  static String unit(Quantity quantity) {
    Unit unit = quantity.canonicalUnit();
    return unit == Unit.BOOL ? "" : " " + unit.symbol();
  }

  /** A number rounded to at most 3 decimals, with at least one: 20.0, 23.5, 0.42. */
  static String num(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    BigDecimal d = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
    if (d.scale() < 1) {
      d = d.setScale(1);
    }
    return d.toPlainString();
  }

  /** A window for people: "30 min", "2 h", "45 s". */
  static String duration(Duration d) {
    long s = d.toSeconds();
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + " h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + " min";
    }
    return s + " s";
  }
}
