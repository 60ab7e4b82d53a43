package org.citysense.agent.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.citysense.agent.sink.ReadingSink;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/**
 * Keeps what the agent emits: the latest reading per device and point, every status change and edge
 * event.
 */
public final class RecordingSink implements ReadingSink {
  private final Map<String, WireReading> latest = new ConcurrentHashMap<>();
  private final List<StatusChange> statuses = new CopyOnWriteArrayList<>();
  private final List<EdgeEvent> edgeEvents = new CopyOnWriteArrayList<>();

  @Override
  public void reading(WireReading reading, boolean alarm) {
    latest.put(reading.deviceId() + "/" + reading.point(), reading);
  }

  @Override
  public void edge(EdgeEvent event) {
    edgeEvents.add(event);
  }

  public List<EdgeEvent> edgeEvents() {
    return List.copyOf(edgeEvents);
  }

  @Override
  public void status(StatusChange change) {
    statuses.add(change);
  }

  /** The latest reading of {@code point} of {@code deviceId}, or null. */
  public WireReading latest(String deviceId, String point) {
    return latest.get(deviceId + "/" + point);
  }

  public List<StatusChange> statuses() {
    return List.copyOf(statuses);
  }

  @Override
  public void close() {}
}
