package org.citysense.cloud.ingest;

import java.time.Instant;
import java.util.List;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/**
 * What the ingest accepted from one batch and hands to the rules: the items stored for the first
 * time (a re-sent item is in no second {@code Accepted}), and when the gateway was heard.
 *
 * @param acceptedAt the cloud's clock when the batch was accepted: the gateway's contact
 */
public record Accepted(
    String gatewayId,
    Instant acceptedAt,
    List<WireReading> readings,
    List<StatusChange> statusChanges,
    List<EdgeEvent> edgeEvents) {
  public Accepted {
    readings = List.copyOf(readings);
    statusChanges = List.copyOf(statusChanges);
    edgeEvents = List.copyOf(edgeEvents);
  }

  /** Readings, status changes and edge events together. */
  public int items() {
    return readings.size() + statusChanges.size() + edgeEvents.size();
  }
}
