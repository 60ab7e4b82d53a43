package org.citysense.agent.sink;

import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/**
 * Where sequenced readings, status changes and edge events go: the durable store-and-forward
 * buffer, or a JSON-lines log when the agent runs without a cloud. Called from several bus threads;
 * implementations are thread-safe.
 */
public interface ReadingSink extends AutoCloseable {
  /**
   * @param alarm whether the reading is of an alarm-class point: it goes ahead of any backlog
   */
  void reading(WireReading reading, boolean alarm);

  void status(StatusChange change);

  /** An alarm raised or cleared at the edge, with what the gateway did about it. */
  void edge(EdgeEvent event);

  /** What the status endpoint shows of this sink (as JSON), or null for nothing. */
  default Object status() {
    return null;
  }

  @Override
  void close();
}
