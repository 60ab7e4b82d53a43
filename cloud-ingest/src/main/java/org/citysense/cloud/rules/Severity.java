package org.citysense.cloud.rules;

import java.util.Locale;

/** How urgent an event is; decides its SLA due time and, later, who is woken. */
public enum Severity {
  CRITICAL,
  MAJOR,
  MINOR,
  INFO;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
