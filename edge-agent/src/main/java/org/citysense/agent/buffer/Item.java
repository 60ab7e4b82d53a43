package org.citysense.agent.buffer;

import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/** One thing waiting for the cloud: a reading, a device's status change or an edge alarm event. */
public sealed interface Item permits Item.Reading, Item.Status, Item.Edge {
  long seq();

  /** The gateway clock's time of the item, epoch milliseconds. */
  long ts();

  /** Alarm-class readings, status changes and edge events go ahead of any backlog. */
  Lane lane();

  /**
   * @param alarm whether the reading is of an alarm-class point (smoke, gas over its limit…)
   */
  record Reading(WireReading reading, boolean alarm) implements Item {
    @Override
    public long seq() {
      return reading.seq();
    }

    @Override
    public long ts() {
      return reading.ts();
    }

    @Override
    public Lane lane() {
      return alarm ? Lane.PRIORITY : Lane.NORMAL;
    }
  }

  record Status(StatusChange change) implements Item {
    @Override
    public long seq() {
      return change.seq();
    }

    @Override
    public long ts() {
      return change.ts();
    }

    @Override
    public Lane lane() {
      return Lane.PRIORITY;
    }
  }

  record Edge(EdgeEvent event) implements Item {
    @Override
    public long seq() {
      return event.seq();
    }

    @Override
    public long ts() {
      return event.ts();
    }

    @Override
    public Lane lane() {
      return Lane.PRIORITY;
    }
  }
}
