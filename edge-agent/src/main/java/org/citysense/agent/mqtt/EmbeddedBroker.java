package org.citysense.agent.mqtt;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT broker the agent hosts itself (Moquette), so a gateway needs nothing else installed for
 * its MQTT devices: anonymous clients (with or without a client id), no telemetry to Moquette's
 * makers, no websocket or TLS listener, and either no persistence at all or its store in a folder
 * of the caller's choice.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

  private static final Duration PORT_TIMEOUT = Duration.ofSeconds(5);
  private static final long PORT_POLL_MS = 5;

  private final String host;
  private final int port;
  private final Path dataFolder;
  private Server server;
  private int boundPort;

  /**
   * A broker without persistence: sessions and retained messages live in memory only.
   *
   * @param host the address to listen on, e.g. 127.0.0.1, or 0.0.0.0 for every interface
   * @param port the TCP port; 0 for any free one ({@link #port()} tells which)
   */
  public EmbeddedBroker(String host, int port) {
    this(host, port, null);
  }

  /**
   * @param dataFolder where Moquette keeps its store, so sessions survive a restart; null for none
   */
  public EmbeddedBroker(String host, int port, Path dataFolder) {
    this.host = host;
    this.port = port;
    this.dataFolder = dataFolder;
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException naming the address when the broker cannot start, e.g. the port is taken
   */
  public synchronized void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("broker on " + host + ":" + port + " already started");
    }
    // Moquette's own getPort() races with its binding thread, so the port is chosen here
    boundPort = port != 0 ? port : freePort();
    Server starting = new Server();
    try {
      starting.startServer(new MemoryConfig(properties()));
    } catch (IOException | RuntimeException e) {
      starting.stopServer();
      throw new IOException(
          "cannot start MQTT broker on " + host + ":" + boundPort + ": " + e.getMessage(), e);
    }
    server = starting;
    awaitListening();
    LOG.info(
        "MQTT broker started [address: {}:{}, store: {}]",
        host,
        boundPort,
        dataFolder == null ? "none" : dataFolder);
  }

  private int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    }
  }

  /** Returns once the broker accepts TCP connections; binding finishes on a Netty thread. */
  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + PORT_TIMEOUT.toNanos();
    String reachable = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    while (true) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(reachable, boundPort), 200);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() - deadline > 0) {
          close();
          throw new IOException(
              "MQTT broker on " + host + ":" + boundPort + " does not accept connections", notYet);
        }
      }
      try {
        Thread.sleep(PORT_POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IOException("interrupted while starting the MQTT broker on " + host, e);
      }
    }
  }

  private Properties properties() {
    Properties p = new Properties();
    p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, host);
    p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(boundPort));
    p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
    // MQTT 3.1.1 lets a clean-session client connect without an id (mosquitto_pub does)
    p.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
    p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
    p.setProperty(BrokerConstants.NETTY_EPOLL_PROPERTY_NAME, "false");
    boolean persistent = dataFolder != null;
    p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, Boolean.toString(persistent));
    if (persistent) {
      p.setProperty(BrokerConstants.DATA_PATH_PROPERTY_NAME, dataFolder.toString());
    }
    return p;
  }

  /** The TCP port served, which differs from the one given when that was 0. */
  public synchronized int port() {
    return server == null ? port : boundPort;
  }

  /** The URI clients on this machine connect to, e.g. {@code tcp://127.0.0.1:1883}. */
  public String uri() {
    String reachable = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    if (reachable.contains(":")) {
      reachable = "[" + reachable + "]";
    }
    return "tcp://" + reachable + ":" + port();
  }

  /** Stops the broker and all its threads (Netty's event loops end within about two seconds). */
  @Override
  public synchronized void close() {
    if (server != null) {
      int bound = server.getPort();
      server.stopServer();
      server = null;
      LOG.info("MQTT broker stopped [address: {}:{}]", host, bound);
    }
  }
}
