package org.citysense.agent.modbustcp;

import java.lang.reflect.Field;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.PlcConnectionManager;
import org.apache.plc4x.java.api.exceptions.PlcConnectionException;
import org.apache.plc4x.java.spi.Plc4xNettyWrapper;
import org.apache.plc4x.java.spi.Plc4xProtocolBase;
import org.apache.plc4x.java.spi.TimeoutManager;
import org.apache.plc4x.java.spi.connection.AbstractPlcConnection;
import org.apache.plc4x.java.spi.connection.ChannelExposingConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PLC4X connection and what it holds beyond its socket. PLC4X 0.13.1 stops a connection's
 * request-timeout timer (a non-daemon thread) and its transaction threads only when it is closed
 * while the peer is still there; after the peer hung up, its close fails and both leak. So this
 * keeps hold of them from the start and stops them itself on {@link #close()}.
 */
final class Plc4xConnection {
  private static final Logger LOG = LoggerFactory.getLogger(Plc4xConnection.class);

  private final PlcConnection connection;
  private final String description;
  private final TimeoutManager timeouts;
  private final Plc4xProtocolBase<?> protocol;

  private Plc4xConnection(PlcConnection connection, String description) {
    this.connection = connection;
    this.description = description;
    this.timeouts = timeoutManager(connection);
    this.protocol = connection instanceof AbstractPlcConnection plc4x ? plc4x.getProtocol() : null;
  }

  static Plc4xConnection open(PlcConnectionManager manager, String url, String description)
      throws PlcConnectionException {
    return new Plc4xConnection(QuietConnect.quietly(() -> manager.getConnection(url)), description);
  }

  PlcConnection plc() {
    return connection;
  }

  boolean isConnected() {
    return connection.isConnected();
  }

  /** Takes PLC4X about 2 s (its event loop's graceful shutdown) unless the peer hung up first. */
  void close() {
    try {
      connection.close();
    } catch (Exception e) {
      // the peer hung up first and PLC4X already shut the connection's event loop
      LOG.debug(
          "PLC4X could not close its connection [connection: {}]: {}", description, e.toString());
    } finally {
      if (timeouts != null) {
        timeouts.stop();
      }
      if (protocol != null) {
        protocol.close(null); // the Modbus TCP protocol only shuts its transaction threads here
      }
    }
  }

  @Override
  public String toString() {
    return description;
  }

  /** The timer PLC4X's pipeline handler keeps private; null when PLC4X changed its insides. */
  private static TimeoutManager timeoutManager(PlcConnection connection) {
    if (!(connection instanceof ChannelExposingConnection exposing)) {
      return null;
    }
    try {
      Plc4xNettyWrapper<?> wrapper = exposing.getChannel().pipeline().get(Plc4xNettyWrapper.class);
      Field field = Plc4xNettyWrapper.class.getDeclaredField("timeoutManager");
      field.setAccessible(true);
      return wrapper == null ? null : (TimeoutManager) field.get(wrapper);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("cannot reach PLC4X's timeout manager; it may outlive its connection", e);
      return null;
    }
  }
}
