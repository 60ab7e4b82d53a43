package org.citysense.agent.mqtt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;

/**
 * Which device and which of its points each MQTT topic carries: the profile's topic templates with
 * the device id filled in. A message carries every point on its topic.
 */
final class TopicRoutes {

  /** The device a topic belongs to and the points its messages carry. */
  record Route(String deviceId, String topic, List<Point> points) {
    Route {
      points = List.copyOf(points);
    }
  }

  private final Map<String, Route> byTopic;

  private TopicRoutes(Map<String, Route> byTopic) {
    this.byTopic = Map.copyOf(byTopic);
  }

  /**
   * @throws IllegalArgumentException when a device has a point that is not on MQTT, or two devices
   *     would share a topic (a message could not be told apart)
   */
  static TopicRoutes of(List<BoundDevice> devices) {
    Map<String, String> owners = new LinkedHashMap<>();
    Map<String, List<Point>> points = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();
    for (BoundDevice device : devices) {
      if (!ids.add(device.id())) {
        throw new IllegalArgumentException("device " + device.id() + " is listed twice");
      }
      for (Point point : device.profile().points()) {
        if (!(point.source() instanceof Source.Mqtt mqtt)) {
          throw new IllegalArgumentException(
              "device " + device.id() + " has point " + point.name() + " that is not on MQTT");
        }
        String topic = mqtt.topicFor(device.id());
        String owner = owners.putIfAbsent(topic, device.id());
        if (owner != null && !owner.equals(device.id())) {
          throw new IllegalArgumentException(
              "devices " + owner + " and " + device.id() + " both use topic " + topic);
        }
        points.computeIfAbsent(topic, t -> new ArrayList<>()).add(point);
      }
    }
    Map<String, Route> routes = new LinkedHashMap<>();
    points.forEach((topic, list) -> routes.put(topic, new Route(owners.get(topic), topic, list)));
    return new TopicRoutes(routes);
  }

  Optional<Route> route(String topic) {
    return Optional.ofNullable(byTopic.get(topic));
  }

  /** Every topic to subscribe to. */
  List<String> topics() {
    return byTopic.keySet().stream().sorted().toList();
  }
}
