package org.citysense.sim;

/**
 * One way the simulator serves devices: a Modbus TCP port, an RTU bus, a serial line, an MQTT
 * connection, a CoAP endpoint. Started once, closed once; {@link #close()} releases every thread
 * and port so the JVM can exit.
 */
public interface SimTransport extends AutoCloseable {

  /** Opens the port or connection and starts serving. Fails with a message naming the port. */
  void start() throws Exception;

  /** One line for the console, e.g. "modbus-tcp 127.0.0.1:5020 units 1,2,3". */
  String describe();

  @Override
  void close();
}
