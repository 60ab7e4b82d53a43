package org.citysense.agent.modbus;

/**
 * One request to one unit id and its answer, on a line or a connection the master owns. Used where
 * the unit ids are not known in advance (the installer's scan); polling goes through the drivers.
 */
public interface ModbusMaster extends AutoCloseable {

  /** Sends {@code request} to {@code unitId}; every failure is a reply, never an exception. */
  Reply transact(int unitId, ModbusRequest request);

  /** Where the master talks, e.g. "127.0.0.1:502" or "/dev/ttyUSB0 (9600 8E1)". */
  String describe();

  @Override
  void close();
}
