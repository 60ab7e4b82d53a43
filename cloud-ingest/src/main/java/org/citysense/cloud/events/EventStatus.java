package org.citysense.cloud.events;

import java.util.Locale;

/** The closed loop: raised, taken on, dealt with, confirmed. */
public enum EventStatus {
  OPEN,
  ACKNOWLEDGED,
  RESOLVED,
  CLOSED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Open and acknowledged events are active: a new signal updates them instead of raising anew. */
  public boolean active() {
    return this == OPEN || this == ACKNOWLEDGED;
  }
}
