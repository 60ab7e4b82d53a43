package org.citysense.cloud.events;

import java.util.List;

/** One page of events, newest opened first, with the total matching the filter. */
public record EventPage(List<Event> items, long total, int offset, int limit) {
  public EventPage {
    items = List.copyOf(items);
  }
}
