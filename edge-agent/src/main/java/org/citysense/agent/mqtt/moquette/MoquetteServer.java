package org.citysense.agent.mqtt.moquette;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import org.citysense.agent.mqtt.BrokerServer;

/**
 * Moquette as the embedded broker: anonymous clients (with or without a client id), no telemetry to
 * Moquette's makers, no websocket or TLS listener, and either no persistence at all or its store in
 * the given folder. Made by {@link org.citysense.agent.mqtt.EmbeddedBroker} in a class loader of
 * its own (see {@link BrokerServer}).
 */
public final class MoquetteServer implements BrokerServer {
  private Server server;

  @Override
  public synchronized void start(String host, int port, Path dataFolder) throws IOException {
    Server starting = new Server();
    try {
      starting.startServer(new MemoryConfig(properties(host, port, dataFolder)));
    } catch (IOException | RuntimeException e) {
      starting.stopServer();
      throw e;
    }
    server = starting;
  }

  private static Properties properties(String host, int port, Path dataFolder) {
    Properties p = new Properties();
    p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, host);
    p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
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

  @Override
  public synchronized void stop() {
    if (server != null) {
      server.stopServer();
      server = null;
    }
  }
}
