package org.citysense.agent.mqtt;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The MQTT server inside {@link EmbeddedBroker}. Its implementation (the moquette package) and
 * Moquette's jars live in a class loader of their own that sees lib/mqtt-broker/, made when a
 * config asks for the broker: a gateway without MQTT devices never opens those nine jars.
 */
public interface BrokerServer {
  /**
   * Starts serving and returns; the port may take a moment more to accept connections.
   *
   * @param dataFolder where the broker keeps its store, so sessions survive a restart; null for
   *     none
   * @throws IOException when the broker cannot start, e.g. the port is taken
   */
  void start(String host, int port, Path dataFolder) throws IOException;

  /** Stops serving; Netty's event loops end within about two seconds. */
  void stop();
}
