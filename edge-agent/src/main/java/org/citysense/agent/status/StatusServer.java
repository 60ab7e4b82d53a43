package org.citysense.agent.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.ProblemLog;
import org.citysense.agent.driver.PushDriver;
import org.citysense.agent.pipeline.DeviceHealth;
import org.citysense.agent.pipeline.LastValues;
import org.citysense.agent.poll.Bus;

/**
 * The local status endpoint, {@code GET /status} on 127.0.0.1 by default: every device with its
 * state and last values, every bus with its queue depth and error counts, every push connection.
 */
public final class StatusServer implements AutoCloseable {
  private final String gatewayId;
  private final Clock clock;
  private final List<BoundDevice> devices;
  private final Map<String, Bus> busByDevice;
  private final Collection<Bus> buses;
  private final List<PushDriver> pushDrivers;
  private final DeviceHealth health;
  private final LastValues last;
  private final ProblemLog problems;
  private final Supplier<Object> uplink;
  private final StatusJson json = new StatusJson();
  private HttpServer server;
  private ExecutorService executor;

  public StatusServer(
      String gatewayId,
      Clock clock,
      List<BoundDevice> devices,
      Map<String, Bus> busByDevice,
      Collection<Bus> buses,
      List<PushDriver> pushDrivers,
      DeviceHealth health,
      LastValues last,
      ProblemLog problems,
      Supplier<Object> uplink) {
    this.gatewayId = gatewayId;
    this.clock = clock;
    this.devices = List.copyOf(devices);
    this.busByDevice = Map.copyOf(busByDevice);
    this.buses = List.copyOf(buses);
    this.pushDrivers = List.copyOf(pushDrivers);
    this.health = health;
    this.last = last;
    this.problems = problems;
    this.uplink = uplink;
  }

  public void start(String host, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 16);
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "status");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/status", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body;
      int code = 200;
      try {
        body = json.pretty(status());
      } catch (RuntimeException e) {
        // say so, rather than close the connection without a word
        code = 500;
        body = json.pretty(Map.of("error", "cannot build the status: " + e.getMessage()));
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(code, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  /** The status document, in plain Java values (maps in field order, lists, wire readings). */
  public Map<String, Object> status() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("gatewayId", gatewayId);
    root.put("time", clock.instant().toString());
    root.put("openProblems", problems.open());
    List<Object> devs = new ArrayList<>();
    for (BoundDevice d : devices) {
      DeviceHealth.State s = health.of(d.id());
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("id", d.id());
      node.put("profile", d.profile().id());
      Bus bus = busByDevice.get(d.id());
      node.put("bus", bus == null ? "push" : bus.key());
      node.put("state", s.state() == null ? "unknown" : s.state().id());
      node.put("consecutiveFailures", s.failures());
      if (s.lastProblem() != null) {
        node.put("lastProblem", s.lastProblem());
      }
      node.put("points", last.of(d.id()));
      devs.add(node);
    }
    root.put("devices", devs);
    List<Object> busNodes = new ArrayList<>();
    for (Bus b : buses) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("bus", b.key());
      node.put("queueDepth", b.queueDepth());
      node.put("polls", b.polls());
      node.put("failedPolls", b.failedPolls());
      node.put("rejected", b.rejected());
      node.put("faults", b.faults());
      node.put("requests", b.driver().requests());
      node.put("lanes", b.lanes());
      busNodes.add(node);
    }
    root.put("buses", busNodes);
    root.put("push", pushDrivers.stream().map(PushDriver::describe).toList());
    Object link = uplink.get();
    if (link != null) {
      root.put("uplink", link);
    }
    return root;
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
