package org.citysense.agent.modbustcp;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.exceptions.PlcConnectionException;
import org.apache.plc4x.java.api.messages.PlcResponse;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.modbus.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one PLC4X request on a unit's connection and turns every way it can fail into a {@link
 * Reply}: no connection is DISCONNECTED; no answer in time is TIMEOUT, or DISCONNECTED when the
 * connection went with it. A connection that missed an answer is discarded: PLC4X 0.13.1 never
 * finishes that transaction, so every later request on it would hang.
 */
final class Plc4xEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Plc4xEndpoint.class);

  /** Beyond PLC4X's own request timeout, for requests PLC4X never finishes (undefined codes). */
  private static final Duration GRACE = Duration.ofMillis(500);

  private final UnitConnections connections;
  private final Duration timeout;
  private final AtomicLong requests = new AtomicLong();
  private final Set<Integer> unreachable = new HashSet<>();

  Plc4xEndpoint(String host, int port, Duration timeout) {
    this.connections = new UnitConnections(host, port, timeout);
    this.timeout = timeout;
  }

  /**
   * @param send builds and executes the request on the unit's connection
   * @param interpret reads the response; a null response never reaches it
   */
  Reply call(
      int unitId,
      Function<PlcConnection, CompletableFuture<? extends PlcResponse>> send,
      Function<PlcResponse, Reply> interpret) {
    Plc4xConnection connection;
    try {
      connection = connections.get(unitId);
    } catch (PlcConnectionException e) {
      if (unreachable.add(unitId)) {
        LOG.warn(
            "cannot connect, trying again on each request [endpoint: {}, unit: {}]: {}",
            endpoint(),
            unitId,
            reason(e));
      }
      return Reply.failed(
          Failure.Kind.DISCONNECTED,
          "cannot connect to " + endpoint() + " for unit " + unitId + ": " + reason(e));
    }
    if (unreachable.remove(unitId)) {
      LOG.info("connected again [endpoint: {}, unit: {}]", endpoint(), unitId);
    }
    CompletableFuture<? extends PlcResponse> future;
    try {
      requests.incrementAndGet();
      future = send.apply(connection.plc());
    } catch (RuntimeException e) {
      // e.g. its event loop ended between the check and the request
      return lost(unitId, connection, e);
    }
    PlcResponse response;
    try {
      response = future.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return lost(unitId, connection, e);
    } catch (ExecutionException e) {
      return lost(unitId, connection, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      connections.discard(unitId);
      return Reply.failed(Failure.Kind.TIMEOUT, "interrupted before an answer");
    }
    if (response == null) {
      // PLC4X hands back nothing for exception 5 (acknowledge) and logs its own error
      return Reply.failed(Failure.Kind.MALFORMED, "PLC4X returned no response");
    }
    try {
      return interpret.apply(response);
    } catch (RuntimeException e) {
      return Reply.failed(Failure.Kind.MALFORMED, "cannot use PLC4X's response: " + e);
    }
  }

  long requests() {
    return requests.get();
  }

  String endpoint() {
    return connections.endpoint();
  }

  @Override
  public void close() {
    connections.close();
  }

  private Reply lost(int unitId, Plc4xConnection connection, Throwable cause) {
    boolean connected = connection.isConnected();
    connections.discard(unitId);
    String where = endpoint() + " unit " + unitId;
    if (!connected) {
      LOG.debug(
          "connection lost [endpoint: {}, unit: {}]: {}", endpoint(), unitId, cause.toString());
      return Reply.failed(Failure.Kind.DISCONNECTED, "connection to " + where + " lost");
    }
    if (cause instanceof TimeoutException) {
      return Reply.failed(
          Failure.Kind.TIMEOUT,
          "no answer from " + where + " within " + timeout.toMillis() + " ms");
    }
    return Reply.failed(Failure.Kind.MALFORMED, "PLC4X failed on " + where + ": " + cause);
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }
}
