package org.citysense.cloud.evaluate;

import java.util.Locale;

/**
 * What an event is about, which decides who hears of it: alarms and welfare checks concern a
 * household's family and the grid worker; environment events the unit's staff; connectivity and
 * maintenance only the unit's technicians, never families.
 */
public enum Category {
  ALARM,
  WELFARE,
  ENVIRONMENT,
  CONNECTIVITY,
  MAINTENANCE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
