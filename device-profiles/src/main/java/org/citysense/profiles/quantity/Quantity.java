package org.citysense.profiles.quantity;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a reading measures, with the canonical unit every reading of it is stored in. */
public enum Quantity {
  PM2_5("pm2_5", Unit.MICROGRAM_PER_M3),
  PM10("pm10", Unit.MICROGRAM_PER_M3),
  SMOKE("smoke", Unit.BOOL),
  SMOKE_DENSITY("smoke_density", Unit.PERCENT_PER_M),
  GAS("gas", Unit.PERCENT_LEL),
  GAS_ALARM("gas_alarm", Unit.BOOL),
  CO("co", Unit.PPM),
  WATER_VOLUME("water_volume", Unit.CUBIC_METRE),
  WATER_FLOW("water_flow", Unit.CUBIC_METRE_PER_HOUR),
  WATER_LEVEL("water_level", Unit.METRE),
  TEMPERATURE("temperature", Unit.CELSIUS),
  HUMIDITY("humidity", Unit.PERCENT_RH),
  BATTERY("battery", Unit.PERCENT),
  SIGNAL("signal", Unit.DBM),
  ALARM_BUTTON("alarm_button", Unit.BOOL),
  VALVE_OPEN("valve_open", Unit.BOOL);

  private final String id;
  private final Unit canonicalUnit;

  Quantity(String id, Unit canonicalUnit) {
    this.id = id;
    this.canonicalUnit = canonicalUnit;
  }

  /** The name used in profiles, on the wire and in the API, e.g. {@code pm2_5}. */
  public String id() {
    return id;
  }

  public Unit canonicalUnit() {
    return canonicalUnit;
  }

  public boolean isBoolean() {
    return canonicalUnit == Unit.BOOL;
  }

  /** Whether a device reporting in {@code unit} can be converted to this quantity. */
  public boolean accepts(Unit unit) {
    return unit.canonical() == canonicalUnit;
  }

  /** The units a profile may declare for this quantity. */
  public List<Unit> acceptedUnits() {
    return Arrays.stream(Unit.values()).filter(this::accepts).toList();
  }

  public static Optional<Quantity> byId(String id) {
    return Arrays.stream(values()).filter(q -> q.id.equals(id)).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(Quantity::id).toList();
  }

  @Override
  public String toString() {
    return id;
  }
}
