package org.citysense.sim.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.sim.device.ServedValues;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.device.Snapshot;
import org.citysense.sim.scenario.FaultType;

/**
 * What one MQTT device sends: one JSON document per topic its points use, built by the profiles'
 * encoder, and how often it sends it unprompted.
 */
final class Uplink {
  /** One MQTT message, topic already filled with the device id. */
  record Message(String topic, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final SimDevice device;
  private final Map<String, List<Point>> pointsByTopic = new LinkedHashMap<>();
  private final Duration heartbeat;

  Uplink(SimDevice device) {
    this.device = device;
    for (Point point : device.profile().points()) {
      if (!(point.source() instanceof Source.Mqtt mqtt)) {
        throw new IllegalArgumentException(
            "device " + device.id() + " has point " + point.name() + " that is not on MQTT");
      }
      pointsByTopic.computeIfAbsent(mqtt.topicFor(device.id()), t -> new ArrayList<>()).add(point);
    }
    this.heartbeat = heartbeat(device);
  }

  SimDevice device() {
    return device;
  }

  List<String> topics() {
    return List.copyOf(pointsByTopic.keySet());
  }

  /** The simulated time between unprompted reports. */
  Duration heartbeat() {
    return heartbeat;
  }

  /** The messages the device sends in {@code snapshot}; none while it does not respond. */
  List<Message> messages(Snapshot snapshot) {
    if (snapshot.has(FaultType.NO_RESPONSE)) {
      return List.of();
    }
    List<Message> messages = new ArrayList<>();
    pointsByTopic.forEach(
        (topic, points) -> {
          String json = Encoder.json(points, ServedValues.of(points, snapshot)).toString();
          messages.add(new Message(topic, json.getBytes(StandardCharsets.UTF_8)));
        });
    return messages;
  }

  /**
   * The shortest interval of the points that are not alarm-class. Alarm-class points get a fast
   * poll interval for polled devices; a pushing device reports them on change instead, so they do
   * not set its heartbeat (a smoke detector would otherwise publish every second).
   */
  private static Duration heartbeat(SimDevice device) {
    Duration all = null;
    Duration normal = null;
    for (Point point : device.profile().points()) {
      Duration interval =
          device.instance().intervals().getOrDefault(point.name(), point.interval());
      if (interval == null) {
        continue;
      }
      all = shorter(all, interval);
      if (!point.isAlarmClass()) {
        normal = shorter(normal, interval);
      }
    }
    if (all == null) {
      throw new IllegalArgumentException("device " + device.id() + " has no point interval");
    }
    return Objects.requireNonNullElse(normal, all);
  }

  private static Duration shorter(Duration a, Duration b) {
    return a == null || b.compareTo(a) < 0 ? b : a;
  }
}
