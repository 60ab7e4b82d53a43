package org.citysense.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * Follows the cloud's events over the alert API (GET /api/v1/events, twice a second) and prints
 * each step of their life: raised (with the reading that raised it and what the gateway did),
 * acknowledged, resolved.
 */
final class EventWatcher implements AutoCloseable {
  private final Api api;
  private final Timeline timeline;
  private final Map<Long, JsonNode> events = new ConcurrentSkipListMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String lastProblem;

  EventWatcher(Api api, Timeline timeline) {
    this.api = api;
    this.timeline = timeline;
    this.thread = new Thread(this::loop, "demo-events");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        poll();
        lastProblem = null;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (running && !String.valueOf(e.getMessage()).equals(lastProblem)) {
          lastProblem = String.valueOf(e.getMessage());
          timeline.now("(cannot read the events: " + lastProblem + ")");
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One look at the newest events; prints what changed since the last. */
  synchronized void poll() throws Exception {
    JsonNode page = api.get("/api/v1/events?limit=200");
    List<JsonNode> items = new ArrayList<>();
    page.path("items").forEach(items::add);
    items.sort((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong()));
    for (JsonNode e : items) {
      long id = e.get("id").asLong();
      JsonNode before = events.put(id, e);
      String status = e.path("status").asText();
      String was = before == null ? null : before.path("status").asText();
      if (before == null) {
        raised(e);
      } else if (e.path("actions").size() > before.path("actions").size()) {
        // the gateway's own alarm joined the event the cloud's rule had raised first
        timeline.now("event #" + id + " joined by the gateway's own alarm" + actions(e));
      }
      if (!status.equals(was)
          && e.hasNonNull("acknowledgedAt")
          && (was == null || was.equals("open"))) {
        timeline.at(
            Instant.parse(e.get("acknowledgedAt").asText()),
            "event #" + id + " acknowledged by " + e.path("acknowledgedBy").asText("?"));
      }
      if (!status.equals(was) && status.equals("resolved")) {
        timeline.at(
            e.hasNonNull("resolvedAt")
                ? Instant.parse(e.get("resolvedAt").asText())
                : Instant.now(),
            "event #" + id + " " + e.path("ruleId").asText() + " resolved: the condition cleared");
      }
    }
  }

  private void raised(JsonNode e) {
    StringBuilder line = new StringBuilder();
    line.append(subject(e));
    String type = e.path("ruleType").asText();
    if (e.hasNonNull("firstValue") && !type.equals("offline") && !type.equals("state")) {
      line.append(" reading ").append(number(e.get("firstValue").asDouble()));
    }
    line.append(" → event #")
        .append(e.get("id").asLong())
        .append(' ')
        .append(e.path("ruleId").asText())
        .append(" (")
        .append(e.path("severity").asText())
        .append(", ")
        .append(e.path("category").asText())
        .append(")");
    if (e.path("edge").asBoolean()) {
      line.append(", raised at the edge").append(actions(e));
    }
    String summary = e.path("summary").asText("");
    if (!summary.isBlank()) {
      line.append(": ").append(summary);
    }
    timeline.at(Instant.parse(e.get("openedAt").asText()), line.toString());
  }

  /** What the gateway wrote on its own, e.g. "; gateway wrote gas-07 valve=false (confirmed)". */
  private static String actions(JsonNode e) {
    StringBuilder line = new StringBuilder();
    for (JsonNode a : e.path("actions")) {
      line.append("; gateway wrote ")
          .append(a.path("deviceId").asText())
          .append(' ')
          .append(a.path("point").asText())
          .append('=')
          .append(a.path("value").asText())
          .append(
              a.path("ok").asBoolean()
                  ? " (confirmed)"
                  : " (failed: " + a.path("detail").asText() + ")");
    }
    return line.toString();
  }

  private static String subject(JsonNode e) {
    String device = e.path("deviceId").asText("");
    String station = e.path("stationId").asText("");
    String household = e.path("householdId").asText("");
    StringBuilder s = new StringBuilder();
    s.append(
        !device.isEmpty() ? device : !station.isEmpty() ? station : e.path("subject").asText());
    if (!station.isEmpty() && !device.isEmpty()) {
      s.append(" (").append(station).append(')');
    }
    if (!household.isEmpty()) {
      s.append(" (").append(household).append(')');
    }
    return s.toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9
        ? String.valueOf((long) v)
        : String.format("%.2f", v);
  }

  /** The first event (lowest id) that matches, as last seen. */
  Optional<JsonNode> find(Predicate<JsonNode> matches) {
    return events.values().stream().filter(matches).findFirst();
  }

  List<JsonNode> all() {
    return List.copyOf(events.values());
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
