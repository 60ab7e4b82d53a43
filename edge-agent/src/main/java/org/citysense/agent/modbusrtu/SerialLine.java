package org.citysense.agent.modbusrtu;

import java.io.IOException;

/** An open serial port as the RTU master needs it; a fake one plays the bus in unit tests. */
interface SerialLine extends AutoCloseable {

  /** Drops whatever arrived unasked: late answers, echoes, line noise. */
  void discardInput() throws IOException;

  /** Writes all of {@code bytes} or fails. */
  void write(byte[] bytes) throws IOException;

  /**
   * Reads at most {@code length} bytes into {@code buffer} at {@code offset}, waiting a short poll
   * interval for the first one.
   *
   * @return the bytes read, 0 when none came within the poll interval
   * @throws IOException when the port is gone
   */
  int read(byte[] buffer, int offset, int length) throws IOException;

  @Override
  void close();

  /** Opens the line; a factory, so the master can open it again after it failed. */
  @FunctionalInterface
  interface Opener {
    SerialLine open() throws IOException;
  }
}
