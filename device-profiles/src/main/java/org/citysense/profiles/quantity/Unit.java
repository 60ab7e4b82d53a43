package org.citysense.profiles.quantity;

import java.util.List;
import java.util.Optional;

/**
 * A unit a device may report in. Each unit converts linearly to the canonical unit of its
 * dimension: {@code canonical = reported * factor + offset}.
 */
public enum Unit {
  BOOL("bool", List.of("boolean"), null, 1, 0),
  MICROGRAM_PER_M3("µg/m³", List.of("ug/m3", "μg/m³", "ug/m³", "µg/m3"), null, 1, 0),
  MILLIGRAM_PER_M3("mg/m³", List.of("mg/m3"), MICROGRAM_PER_M3, 1000, 0),
  PERCENT_PER_M("%/m", List.of(), null, 1, 0),
  PERCENT_LEL("%LEL", List.of("%lel", "LEL%"), null, 1, 0),
  PPM("ppm", List.of(), null, 1, 0),
  CUBIC_METRE("m³", List.of("m3"), null, 1, 0),
  LITRE("L", List.of("l"), CUBIC_METRE, 0.001, 0),
  CUBIC_METRE_PER_HOUR("m³/h", List.of("m3/h"), null, 1, 0),
  LITRE_PER_HOUR("L/h", List.of("l/h"), CUBIC_METRE_PER_HOUR, 0.001, 0),
  LITRE_PER_MINUTE("L/min", List.of("l/min"), CUBIC_METRE_PER_HOUR, 0.06, 0),
  METRE("m", List.of(), null, 1, 0),
  CENTIMETRE("cm", List.of(), METRE, 0.01, 0),
  MILLIMETRE("mm", List.of(), METRE, 0.001, 0),
  CELSIUS("°C", List.of("degC", "C"), null, 1, 0),
  FAHRENHEIT("°F", List.of("degF", "F"), CELSIUS, 5.0 / 9.0, -160.0 / 9.0),
  PERCENT_RH("%RH", List.of("%rh"), null, 1, 0),
  PERCENT("%", List.of(), null, 1, 0),
  DBM("dBm", List.of("dbm"), null, 1, 0);

  private final String symbol;
  private final List<String> aliases;
  private final Unit canonical;
  private final double factor;
  private final double offset;

  Unit(String symbol, List<String> aliases, Unit canonical, double factor, double offset) {
    this.symbol = symbol;
    this.aliases = aliases;
    this.canonical = canonical;
    this.factor = factor;
    this.offset = offset;
  }

  public String symbol() {
    return symbol;
  }

  /** The canonical unit this one converts to; itself when it is canonical. */
  public Unit canonical() {
    return canonical == null ? this : canonical;
  }

  public double toCanonical(double reported) {
    return reported * factor + offset;
  }

  public double fromCanonical(double canonicalValue) {
    return (canonicalValue - offset) / factor;
  }

  /** Finds a unit by its symbol or one of its ASCII spellings ("ug/m3", "m3", "degC"). */
  public static Optional<Unit> parse(String text) {
    for (Unit unit : values()) {
      if (unit.symbol.equals(text) || unit.aliases.contains(text)) {
        return Optional.of(unit);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return symbol;
  }
}
