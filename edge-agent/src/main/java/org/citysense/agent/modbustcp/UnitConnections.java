package org.citysense.agent.modbustcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.plc4x.java.DefaultPlcDriverManager;
import org.apache.plc4x.java.api.PlcConnectionManager;
import org.apache.plc4x.java.api.exceptions.PlcConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PLC4X connections to the units behind one Modbus TCP endpoint, one per unit id: PLC4X 0.13.1
 * takes the unit id from the connection string ({@code default-unit-identifier}) and drops a tag's
 * own {@code unit-id} in its read optimizer. Connections are made when first needed and again after
 * they were discarded; closing one takes PLC4X about 2 s, so discarded ones close aside and {@link
 * #close()} closes them all at once.
 */
final class UnitConnections implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UnitConnections.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final PlcConnectionManager manager = new DefaultPlcDriverManager();
  private final String host;
  private final int port;
  private final Duration timeout;
  private final Map<Integer, Plc4xConnection> open = new HashMap<>();
  private final List<Future<?>> closing = new ArrayList<>();
  private final ExecutorService closer;
  private boolean closed;

  /**
   * @param timeout how long PLC4X waits to connect and for each answer
   */
  UnitConnections(String host, int port, Duration timeout) {
    this.host = host;
    this.port = port;
    this.timeout = timeout;
    this.closer =
        Executors.newCachedThreadPool(
            task -> {
              Thread t = new Thread(task, "modbus-tcp-close " + endpoint());
              t.setDaemon(true);
              return t;
            });
  }

  /** The live connection to {@code unitId}, made now when there is none. */
  Plc4xConnection get(int unitId) throws PlcConnectionException {
    if (closed) {
      throw new PlcConnectionException("the driver for " + endpoint() + " is closed");
    }
    Plc4xConnection connection = open.get(unitId);
    if (connection != null && connection.isConnected()) {
      return connection;
    }
    if (connection != null) {
      discard(unitId);
    }
    connection = Plc4xConnection.open(manager, url(unitId), endpoint() + " unit " + unitId);
    open.put(unitId, connection);
    LOG.debug("connected [endpoint: {}, unit: {}]", endpoint(), unitId);
    return connection;
  }

  /**
   * Drops the connection to {@code unitId} (it lost its peer or hangs); the next get() reconnects.
   */
  void discard(int unitId) {
    Plc4xConnection connection = open.remove(unitId);
    if (connection != null) {
      closing.removeIf(Future::isDone);
      closing.add(closer.submit(connection::close));
    }
  }

  String endpoint() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Closes every connection in parallel and waits, boundedly, for all of them to be closed. */
  @Override
  public void close() {
    closed = true;
    for (Plc4xConnection connection : open.values()) {
      closing.add(closer.submit(connection::close));
    }
    open.clear();
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    try {
      for (Future<?> f : closing) {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("cannot close every PLC4X connection [endpoint: {}]: {}", endpoint(), e.toString());
    }
    closing.clear();
    closer.shutdown();
  }

  private String url(int unitId) {
    long millis = Math.max(1, timeout.toMillis());
    return "modbus-tcp://"
        + endpoint()
        + "?default-unit-identifier="
        + unitId
        + "&request-timeout="
        + millis
        + "&tcp.default-timeout="
        + millis;
  }
}
