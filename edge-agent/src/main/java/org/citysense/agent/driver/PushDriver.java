package org.citysense.agent.driver;

/**
 * Receives what devices send by themselves: an MQTT subscription, CoAP observations, a serial line
 * with a sensor that streams frames. Reconnects by itself with backoff; never stops the agent.
 */
public interface PushDriver extends AutoCloseable {

  /** Connects and subscribes; values then flow to {@code listener} on the driver's threads. */
  void start(PushListener listener) throws Exception;

  /** One line for the status endpoint, e.g. "mqtt tcp://127.0.0.1:1883 (connected)". */
  String describe();

  @Override
  void close();
}
