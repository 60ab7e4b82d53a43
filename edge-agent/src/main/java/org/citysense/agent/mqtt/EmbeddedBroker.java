package org.citysense.agent.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.citysense.agent.libs.OptionalLibs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT broker the agent hosts itself (Moquette, see {@link BrokerServer}), so a gateway needs
 * nothing else installed for its MQTT devices: anonymous clients (with or without a client id), no
 * telemetry to Moquette's makers, no websocket or TLS listener, and either no persistence at all or
 * its store in a folder of the caller's choice.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

  /** Moquette and the nine jars it needs, outside the agent's class path (see BrokerServer). */
  static final OptionalLibs LIBS =
      new OptionalLibs(
          "the embedded MQTT broker",
          "mqtt-broker",
          "org.citysense.agent.mqtt.moquette",
          "org.citysense.agent.mqtt.moquette.MoquetteServer",
          "io/moquette/broker/Server.class");

  private static final Duration PORT_TIMEOUT = Duration.ofSeconds(5);
  private static final long PORT_POLL_MS = 5;

  private final String host;
  private final int port;
  private final Path dataFolder;
  private BrokerServer server;
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
   * @throws IllegalStateException when lib/mqtt-broker/ is missing; the message says what to do
   */
  public synchronized void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("broker on " + host + ":" + port + " already started");
    }
    // Moquette's own getPort() races with its binding thread, so the port is chosen here
    boundPort = port != 0 ? port : freePort();
    BrokerServer starting = LIBS.load(BrokerServer.class);
    try {
      starting.start(host, boundPort, dataFolder);
    } catch (IOException | RuntimeException e) {
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
      server.stop();
      server = null;
      LOG.info("MQTT broker stopped [address: {}:{}]", host, boundPort);
    }
  }
}
