package org.citysense.agent.opcua;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.messages.PlcReadRequest;
import org.apache.plc4x.java.api.messages.PlcReadResponse;
import org.apache.plc4x.java.api.messages.PlcWriteResponse;
import org.apache.plc4x.java.api.types.PlcResponseCode;
import org.citysense.agent.driver.Backoff;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.NodeValue;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.PollingDriver;
import org.citysense.agent.driver.WriteResult;
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the devices of one OPC UA server through PLC4X's {@code opcua} driver, on one
 * session that every device of the endpoint shares. A poll of a device is one Read request with all
 * its points; each node's answer becomes a typed raw value or a failure naming the node. No session
 * is DISCONNECTED (connected again on a later poll, after a backoff while the server refuses), no
 * answer TIMEOUT, a node the server refuses EXCEPTION, a value that is neither a number nor a
 * boolean MALFORMED. Security None only, anonymous.
 */
final class OpcUaDriver implements PollingDriver {
  private static final Logger LOG = LoggerFactory.getLogger(OpcUaDriver.class);

  /** What every connect costs besides round trips: a certificate made and a channel thrown away. */
  static final Duration CONNECT_FIXED = Duration.ofSeconds(10);

  /** Requests in a row that a connected session leaves unanswered before it is replaced. */
  static final int SILENT_REQUESTS_BEFORE_RECONNECT = 3;

  private final Plc4xOpcUa plc4x;
  private final Transport.OpcUa server;
  private final String endpoint;
  private final String url;
  private final DriverSettings settings;
  private final Duration connectLimit;
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  /** Why the last connect failed, until one succeeds: the "connected again" line says it. */
  private String downBecause;

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong connects = new AtomicLong();
  private volatile OpcUaSession session;
  private volatile boolean closed;
  private long nextAttemptAt;
  private String lastRefusal;
  private int silentInARow;

  OpcUaDriver(Plc4xOpcUa plc4x, Transport.OpcUa transport, DriverSettings settings) {
    this.plc4x = plc4x;
    this.server = transport;
    this.endpoint = transport.endpoint();
    this.settings = settings;
    this.connectLimit = CONNECT_FIXED.plus(settings.timeout().multipliedBy(4));
    this.url = plc4xUrl(transport, settings.timeout(), connectLimit);
  }

  /**
   * PLC4X's connection string: no discovery round (the server's certificate is not needed without
   * security), security None, and PLC4X's own timeouts, which the driver backs with its own.
   */
  static String plc4xUrl(Transport.OpcUa t, Duration timeout, Duration connectLimit) {
    return "opcua:tcp://"
        + t.host()
        + ":"
        + t.port()
        + t.path()
        + "?discovery=false&security-policy=NONE&request-timeout="
        + timeout.toMillis()
        + "&negotiation-timeout="
        + connectLimit.toMillis();
  }

  /**
   * @throws IllegalArgumentException when the device is not on this server; device problems are
   *     results
   */
  @Override
  public List<PointResult> read(DeviceInstance device, List<Point> points) {
    checkOnThisServer(device);
    List<String> nodes = points.stream().map(p -> OpcUaTags.node(p, device.id())).toList();
    List<NodeValue> values = readNodes(device.id(), nodes);
    List<PointResult> results = new ArrayList<>(points.size());
    for (int i = 0; i < points.size(); i++) {
      NodeValue v = values.get(i);
      results.add(
          v.isOk()
              ? PointResult.ok(points.get(i), v.raw())
              : PointResult.failed(points.get(i), v.failure()));
    }
    return results;
  }

  /** Reads one node, for {@code edge-agent probe}: what it holds and as which type. */
  public NodeValue readNode(String node) {
    return readNodes("(probe)", List.of(node)).get(0);
  }

  /** One Read request for every node PLC4X can address; one value per node, in order. */
  private List<NodeValue> readNodes(String deviceId, List<String> nodes) {
    Map<Integer, String> tags = new LinkedHashMap<>();
    NodeValue[] values = new NodeValue[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      try {
        tags.put(i, OpcUaTags.read(nodes.get(i)));
      } catch (IllegalArgumentException e) {
        values[i] =
            new NodeValue(
                nodes.get(i), null, null, Failure.of(Failure.Kind.EXCEPTION, e.getMessage()));
      }
    }
    if (!tags.isEmpty()) {
      Answer<PlcReadResponse> answer =
          withRetries(
              deviceId,
              c -> {
                PlcReadRequest.Builder b = c.readRequestBuilder();
                tags.forEach((i, address) -> b.addTagAddress("n" + i, address));
                return OpcUaSession.read(c, b.build());
              });
      for (int i : tags.keySet()) {
        values[i] =
            answer.failure() != null
                ? new NodeValue(nodes.get(i), null, null, answer.failure())
                : OpcUaValues.of(
                    nodes.get(i),
                    endpoint,
                    answer.value().getResponseCode("n" + i),
                    answer.value().getPlcValue("n" + i),
                    OpcUaStatus.of(answer.value(), "n" + i));
      }
    }
    return List.of(values);
  }

  /**
   * Writes the point's node with a variant of the point's type.
   *
   * @throws IllegalArgumentException when the point is not writable, not an OPC UA point, or the
   *     value does not fit its type
   */
  @Override
  public WriteResult write(DeviceInstance device, Point point, Value value) {
    checkOnThisServer(device);
    Source.OpcUa source = OpcUaTags.source(point);
    if (!point.writable()) {
      throw new IllegalArgumentException("point " + point.name() + " is not writable");
    }
    String node = source.nodeFor(device.id());
    String address = OpcUaTags.write(node, source.type());
    Object typed = OpcUaTags.javaValue(point, source.type(), Encoder.typed(point, value));
    Answer<PlcWriteResponse> answer =
        withRetries(
            device.id(),
            c -> c.writeRequestBuilder().addTagAddress("w", address, typed).build().execute());
    String what =
        "writing " + value + " to point " + point.name() + " of device " + device.id() + " (";
    if (answer.failure() != null) {
      Failure f = answer.failure();
      return WriteResult.failed(new Failure(f.kind(), f.code(), what + node + "): " + f.message()));
    }
    PlcResponseCode code = answer.value().getResponseCode("w");
    if (code == PlcResponseCode.OK) {
      return WriteResult.OK;
    }
    Failure refused = OpcUaValues.refused(node, endpoint, code);
    return WriteResult.failed(
        Failure.of(refused.kind(), "the server refused " + what + refused.message() + ")"));
  }

  @Override
  public long requests() {
    return requests.get();
  }

  /** Sessions opened so far. */
  public long connects() {
    return connects.get();
  }

  public String endpoint() {
    return endpoint;
  }

  /** Closes the session; a connect under way gives its session up when it ends. */
  @Override
  public void close() {
    closed = true;
    OpcUaSession s = session;
    session = null;
    if (s != null) {
      s.close();
    }
  }

  /** A request's answer, or why there is none. */
  private record Answer<T>(T value, Failure failure) {}

  /** Repeats a request that got no answer, as {@link DriverSettings} says; refusals are final. */
  private <T> Answer<T> withRetries(
      String deviceId, Function<PlcConnection, CompletableFuture<? extends T>> request) {
    Answer<T> answer = once(deviceId, request);
    Duration wait = settings.retryBackoff();
    for (int retry = 0; retry < settings.retries() && worthRepeating(answer); retry++) {
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return answer;
      }
      wait = wait.multipliedBy(2);
      answer = once(deviceId, request);
    }
    return answer;
  }

  private static boolean worthRepeating(Answer<?> answer) {
    return answer.failure() != null
        && answer.failure().kind() != Failure.Kind.EXCEPTION
        && !Thread.currentThread().isInterrupted();
  }

  private <T> Answer<T> once(
      String deviceId, Function<PlcConnection, CompletableFuture<? extends T>> request) {
    OpcUaSession s;
    try {
      s = session(deviceId);
    } catch (OpcUaSession.Unreachable e) {
      return new Answer<>(null, Failure.of(Failure.Kind.DISCONNECTED, e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer<>(
          null, Failure.of(Failure.Kind.DISCONNECTED, "interrupted connecting to " + endpoint));
    }
    CompletableFuture<? extends T> pending;
    try {
      pending = request.apply(s.connection());
    } catch (RuntimeException e) {
      return new Answer<>(
          null,
          Failure.of(
              Failure.Kind.MALFORMED,
              "PLC4X could not make the request for " + endpoint + ": " + OpcUaSession.reason(e)));
    }
    requests.incrementAndGet();
    try {
      T value = OpcUaSession.await(pending, settings.timeout());
      silentInARow = 0;
      return new Answer<>(value, null);
    } catch (TimeoutException e) {
      if (!s.connected()) {
        drop(deviceId, "the connection went down");
        return new Answer<>(
            null, Failure.of(Failure.Kind.DISCONNECTED, "connection to " + endpoint + " lost"));
      }
      if (++silentInARow >= SILENT_REQUESTS_BEFORE_RECONNECT) {
        drop(deviceId, silentInARow + " requests in a row got no answer");
      }
      return new Answer<>(
          null,
          Failure.of(
              Failure.Kind.TIMEOUT,
              "no answer from " + endpoint + " within " + settings.timeout().toMillis() + " ms"));
    } catch (ExecutionException e) {
      // a service fault: the session may be gone on the server's side; a fresh one costs little
      drop(deviceId, OpcUaSession.reason(e.getCause()));
      return new Answer<>(
          null,
          Failure.of(
              s.connected() ? Failure.Kind.EXCEPTION : Failure.Kind.DISCONNECTED,
              endpoint + " failed the request: " + OpcUaSession.reason(e.getCause())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer<>(
          null, Failure.of(Failure.Kind.DISCONNECTED, "interrupted waiting for " + endpoint));
    }
  }

  /** The live session, connecting when there is none and the backoff allows. */
  private OpcUaSession session(String deviceId)
      throws OpcUaSession.Unreachable, InterruptedException {
    if (closed) {
      throw new OpcUaSession.Unreachable("the driver for " + endpoint + " is closed");
    }
    OpcUaSession s = session;
    if (s != null && s.connected()) {
      return s;
    }
    if (s != null) {
      drop(deviceId, "the connection went down");
    }
    long now = System.nanoTime() / 1_000_000;
    if (lastRefusal != null && now < nextAttemptAt) {
      // the same words as the attempt's, so that each point's problem is logged once, not per poll
      throw new OpcUaSession.Unreachable(lastRefusal);
    }
    long start = System.nanoTime();
    try {
      s = OpcUaSession.open(plc4x, url, server, settings.timeout(), connectLimit);
    } catch (OpcUaSession.Unreachable e) {
      // each point's reading says it (comm_error, logged once per point by the pipeline)
      lastRefusal = e.getMessage();
      downBecause = lastRefusal;
      nextAttemptAt = System.nanoTime() / 1_000_000 + backoff.next().toMillis();
      LOG.debug(
          "cannot connect to OPC UA server [endpoint: {}, device: {}]: {}",
          endpoint,
          deviceId,
          lastRefusal);
      throw e;
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (closed) {
      s.close();
      throw new OpcUaSession.Unreachable("the driver for " + endpoint + " is closed");
    }
    connects.incrementAndGet();
    backoff.reset();
    lastRefusal = null;
    silentInARow = 0;
    session = s;
    if (downBecause != null) {
      LOG.info(
          "connected again to OPC UA server [endpoint: {}, device: {}] in {} ms after: {}",
          endpoint,
          deviceId,
          millis,
          downBecause);
      downBecause = null;
    } else {
      LOG.info("connected to OPC UA server [endpoint: {}] in {} ms", endpoint, millis);
    }
    return s;
  }

  /** Gives the session up; the next request connects again. */
  private void drop(String deviceId, String why) {
    OpcUaSession s = session;
    session = null;
    if (s == null) {
      return;
    }
    LOG.warn(
        "lost the OPC UA session [endpoint: {}, device: {}]: {}; connecting again",
        endpoint,
        deviceId,
        why);
    downBecause = "lost the session: " + why;
    s.close();
  }

  private void checkOnThisServer(DeviceInstance device) {
    if (!(device.transport() instanceof Transport.OpcUa o) || !o.endpoint().equals(endpoint)) {
      throw new IllegalArgumentException(
          "device " + device.id() + " is not on the OPC UA server " + endpoint);
    }
  }
}
