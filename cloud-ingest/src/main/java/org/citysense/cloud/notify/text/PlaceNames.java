package org.citysense.cloud.notify.text;

import java.util.Optional;
import org.citysense.cloud.events.Event;

/**
 * The name people know an event's place by ("Flat 3-201", "Riverside Park"), for the messages;
 * empty when the registry has none, and the message names the id instead.
 */
@FunctionalInterface
public interface PlaceNames {
  /** No names: messages name ids. */
  PlaceNames IDS = e -> Optional.empty();

  Optional<String> of(Event e);
}
