package org.citysense.sim.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.citysense.profiles.load.YamlMap;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.citysense.sim.Simulation;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.device.Snapshot;
import org.citysense.sim.scenario.Fault;
import org.citysense.sim.scenario.FaultType;

/**
 * A technician's remote control, on 127.0.0.1 only: see what every device serves, set a value,
 * inject or clear a fault, without restarting. {@code firmware-sim ctl} is its client.
 *
 * <pre>
 * GET  /devices
 * POST /devices/{id}/set?point=pressed&amp;value=true
 * POST /devices/{id}/clear?point=pressed
 * POST /devices/{id}/fault?type=no-response[&amp;for=2m][&amp;code=6][&amp;delay=3s][&amp;point=pm2_5]
 * POST /devices/{id}/clear-faults
 * POST /stop
 * </pre>
 */
public final class ControlServer implements AutoCloseable {
  private final Simulation simulation;
  private final Runnable stop;
  private final ObjectMapper json = new ObjectMapper();
  private HttpServer server;
  private ExecutorService executor;

  /**
   * @param stop ends the simulation, for {@code POST /stop}
   */
  public ControlServer(Simulation simulation, Runnable stop) {
    this.simulation = simulation;
    this.stop = stop;
  }

  /** Listens on 127.0.0.1:{@code port} (0 for any free port). */
  public void start(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "sim-control");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/devices", this::handle);
    server.createContext("/stop", this::handleStop);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String[] parts = exchange.getRequestURI().getPath().split("/");
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String method = exchange.getRequestMethod();
      if (parts.length == 2 && method.equals("GET")) {
        reply(exchange, 200, devices());
        return;
      }
      if (parts.length != 4 || !method.equals("POST")) {
        reply(
            exchange,
            404,
            error("use GET /devices or POST /devices/{id}/{set|clear|fault|clear-faults}"));
        return;
      }
      Optional<SimDevice> device = simulation.device(parts[2]);
      if (device.isEmpty()) {
        reply(exchange, 404, error("no device " + parts[2]));
        return;
      }
      reply(exchange, 200, act(device.get(), parts[3], query));
    } catch (IllegalArgumentException e) {
      reply(exchange, 400, error(e.getMessage()));
    } finally {
      exchange.close();
    }
  }

  private void handleStop(HttpExchange exchange) throws IOException {
    try {
      if (!exchange.getRequestMethod().equals("POST")) {
        reply(exchange, 405, error("use POST /stop"));
        return;
      }
      reply(exchange, 200, json.createObjectNode().put("stopping", true));
      stop.run();
    } finally {
      exchange.close();
    }
  }

  private ObjectNode act(SimDevice device, String action, Map<String, String> q) {
    switch (action) {
      case "set" -> {
        Point point = point(device, required(q, "point"));
        device.set(point.name(), value(point, required(q, "value")));
      }
      case "clear" -> device.clear(point(device, required(q, "point")).name());
      case "fault" -> {
        FaultType type =
            FaultType.byId(required(q, "type"))
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "type: \""
                                + q.get("type")
                                + "\" is not one of stuck, no-response, exception, corrupt-crc, garbage, slow"));
        device.inject(
            type,
            q.containsKey("for") ? duration("for", q.get("for")) : null,
            q.containsKey("point") ? point(device, q.get("point")).name() : null,
            q.containsKey("code") ? Integer.parseInt(q.get("code")) : 6,
            q.containsKey("delay") ? duration("delay", q.get("delay")) : Duration.ofSeconds(3));
      }
      case "clear-faults" -> device.clearFaults();
      default ->
          throw new IllegalArgumentException(
              "unknown action " + action + "; use set, clear, fault or clear-faults");
    }
    return describe(device);
  }

  private ArrayNode devices() {
    ArrayNode list = json.createArrayNode();
    simulation.devices().forEach(d -> list.add(describe(d)));
    return list;
  }

  private ObjectNode describe(SimDevice d) {
    Snapshot s = d.snapshot();
    ObjectNode node = json.createObjectNode().put("id", d.id()).put("profile", d.profile().id());
    node.put("scenario", d.behaviour().scenario().name()).put("phase", s.phase());
    ObjectNode values = node.putObject("values");
    s.values()
        .forEach(
            (k, v) -> {
              if (v instanceof Value.Bool b) {
                values.put(k, b.value());
              } else {
                values.put(k, v.asDouble());
              }
            });
    ArrayNode faults = node.putArray("faults");
    s.faults().stream().map(Fault::type).map(FaultType::id).forEach(faults::add);
    ArrayNode writes = node.putArray("writes");
    d.writes().forEach(writes::add);
    return node;
  }

  private static Point point(SimDevice device, String name) {
    return device
        .profile()
        .point(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "point: device "
                        + device.id()
                        + " has no point "
                        + name
                        + "; it has "
                        + String.join(", ", device.profile().pointNames())));
  }

  private static Value value(Point point, String text) {
    if (point.quantity().isBoolean()) {
      if (!text.equals("true") && !text.equals("false")) {
        throw new IllegalArgumentException(
            "value: " + point.name() + " takes true or false, not " + text);
      }
      return Value.of(Boolean.parseBoolean(text));
    }
    try {
      return Value.of(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "value: "
              + point.name()
              + " takes a number in "
              + point.quantity().canonicalUnit()
              + ", not "
              + text);
    }
  }

  private static Duration duration(String name, String text) {
    return YamlMap.parseDuration(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    name + ": \"" + text + "\" is not a duration (e.g. 500ms, 10s, 5m, 1h)"));
  }

  private static String required(Map<String, String> q, String name) {
    String v = q.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + ": is missing");
    }
    return v;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          q.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
      }
    }
    return q;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private ObjectNode error(String message) {
    return json.createObjectNode().put("error", message);
  }

  private void reply(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
