package org.citysense.agent.opcua;

import org.apache.plc4x.java.DefaultPlcDriverManager;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.PlcDriver;
import org.apache.plc4x.java.api.exceptions.PlcConnectionException;
import org.apache.plc4x.java.opcua.context.SecureChannel;

/**
 * PLC4X's OPC UA driver, looked up once for every endpoint of the agent (each lookup of the driver
 * manager scans the class path and logs). Made only when the config has an OPC UA device, so a
 * gateway without one never loads PLC4X.
 *
 * <p>PLC4X finds its driver and, at each connection, its TCP transport with {@link
 * java.util.ServiceLoader} in the thread's context class loader, which is the agent's own and does
 * not see lib/opcua/: both lookups are given this class's loader, which does.
 */
final class Plc4xOpcUa {
  private final PlcDriver driver;

  Plc4xOpcUa() {
    try {
      this.driver = new DefaultPlcDriverManager(libraries()).getDriver("opcua");
    } catch (PlcConnectionException e) {
      throw new IllegalStateException("PLC4X's OPC UA driver is not among its jars", e);
    }
    startKeepAliveAsDaemon();
  }

  /** A connection to {@code url}, not yet connected: connecting is the caller's, on its thread. */
  PlcConnection connection(String url) throws PlcConnectionException {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(libraries());
    try {
      return driver.getConnection(url);
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  private static ClassLoader libraries() {
    return Plc4xOpcUa.class.getClassLoader();
  }

  /**
   * PLC4X sends every session's keep-alive from one static executor whose only thread is made on
   * first use and inherits whether it is a daemon from the thread that used it first, usually a
   * Netty event loop's, which is not: that thread outlives every connection and keeps the JVM
   * running. Used first from a daemon thread, it is a daemon for the life of the JVM. Shutting the
   * executor down instead would break every later connection in this JVM (a reload, a test).
   */
  private static void startKeepAliveAsDaemon() {
    Thread first = new Thread(() -> SecureChannel.KEEP_ALIVE_EXECUTOR.execute(() -> {}));
    first.setName("opcua-keep-alive-start");
    first.setDaemon(true);
    first.start();
    try {
      first.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
