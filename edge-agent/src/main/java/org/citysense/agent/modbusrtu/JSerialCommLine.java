package org.citysense.agent.modbusrtu;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import org.citysense.io.serial.SerialPorts;
import org.citysense.profiles.device.SerialSettings;

/**
 * A serial port through jSerialComm, opened by its path: ptys (socat pairs) are not listed by
 * {@link SerialPort#getCommPorts()} but open by path like any tty.
 */
final class JSerialCommLine implements SerialLine {
  /**
   * How long a read waits for a first byte; bounds how late the master notices its deadline.
   * jSerialComm 2.11.4 waits in tenths of a second (termios VTIME), so less would still be 100 ms.
   */
  private static final int POLL_MS = 100;

  /** A write that cannot drain in this time (a stuck line) fails. */
  private final SerialPort port;

  private final String path;
  private final byte[] junk = new byte[256];

  private JSerialCommLine(SerialPort port, String path) {
    this.port = port;
    this.path = path;
  }

  /**
   * @throws IOException naming the port and its settings, when it does not exist or cannot be
   *     opened
   */
  static JSerialCommLine open(String path, SerialSettings settings) throws IOException {
    return new JSerialCommLine(SerialPorts.open(path, settings, POLL_MS), path);
  }

  @Override
  public void discardInput() throws IOException {
    port.flushIOBuffers();
    int available;
    while ((available = port.bytesAvailable()) > 0) {
      port.readBytes(junk, Math.min(available, junk.length));
    }
    if (available < 0) {
      throw gone();
    }
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    int written = port.writeBytes(bytes, bytes.length);
    if (written != bytes.length) {
      throw new IOException(
          "cannot write to serial port " + path + ": wrote " + written + " of " + bytes.length);
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int read = port.readBytes(buffer, length, offset);
    if (read < 0) {
      throw gone();
    }
    return read;
  }

  @Override
  public void close() {
    port.closePort();
  }

  private IOException gone() {
    return new IOException(
        "serial port " + path + " is gone (error " + port.getLastErrorCode() + ")");
  }
}
