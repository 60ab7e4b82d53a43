package org.citysense.agent.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.JsonPayloads;
import org.citysense.agent.driver.ProblemLog;
import org.citysense.agent.driver.PushListener;
import org.citysense.agent.mqtt.TopicRoutes.Route;
import org.citysense.profiles.decode.RawValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns MQTT messages into what the agent's pipeline takes: the device and points of the topic and
 * the payload as parsed JSON. Never throws: an exception would make Paho drop the connection.
 */
final class MqttInbox {
  private static final Logger LOG = LoggerFactory.getLogger(MqttInbox.class);

  /** Unknown topics remembered for "log once"; beyond this they are ignored without a word. */
  private static final int MAX_UNKNOWN_TOPICS = 1000;

  private final TopicRoutes routes;
  private final PushListener listener;
  private final JsonPayloads json = new JsonPayloads();
  private final Set<String> unknownTopics = ConcurrentHashMap.newKeySet();
  private final ProblemLog problems = new ProblemLog(LOG);

  MqttInbox(TopicRoutes routes, PushListener listener) {
    this.routes = routes;
    this.listener = listener;
  }

  /** Called by Paho for each message, on its callback thread. */
  void accept(String topic, byte[] payload) {
    Optional<Route> found = routes.route(topic);
    if (found.isEmpty()) {
      if (unknownTopics.size() < MAX_UNKNOWN_TOPICS && unknownTopics.add(topic)) {
        LOG.info("ignoring messages on a topic no device uses [topic: {}]", topic);
      }
      return;
    }
    Route route = found.get();
    String problem = route.deviceId() + " malformed";
    JsonNode document;
    try {
      document = json.object(payload);
    } catch (IOException e) {
      problems.problem(
          problem,
          "cannot parse payload [device: {}, topic: {}]: {}",
          route.deviceId(),
          topic,
          e.getMessage());
      try {
        listener.failed(route.deviceId(), Failure.of(Failure.Kind.MALFORMED, e.getMessage()));
      } catch (RuntimeException listenerFailure) {
        LOG.warn(
            "listener failed [device: {}, topic: {}]", route.deviceId(), topic, listenerFailure);
      }
      return;
    }
    problems.cleared(
        problem, "payload readable again [device: {}, topic: {}]", route.deviceId(), topic);
    try {
      listener.received(route.deviceId(), route.points(), new RawValue.Json(document));
    } catch (RuntimeException e) {
      LOG.warn("listener failed [device: {}, topic: {}]", route.deviceId(), topic, e);
    }
  }
}
