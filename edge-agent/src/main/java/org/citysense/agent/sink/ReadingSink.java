package org.citysense.agent.sink;

import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/**
 * Where sequenced readings and status changes go: a JSON-lines log until the durable
 * store-and-forward buffer takes over. Called from several bus threads; implementations are
 * thread-safe.
 */
public interface ReadingSink extends AutoCloseable {
  void reading(WireReading reading);

  void status(StatusChange change);

  @Override
  void close();
}
