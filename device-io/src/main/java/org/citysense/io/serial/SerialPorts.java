package org.citysense.io.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import org.citysense.profiles.device.SerialSettings;

/** Opens serial ports with jSerialComm, by path (ptys are not listed, but open by path). */
public final class SerialPorts {
  /** A write that cannot drain within this time (nobody reading the line) fails. */
  private static final int WRITE_TIMEOUT_MS = 2000;

  private SerialPorts() {}

  /**
   * Opens {@code path} with {@code settings}; reads return after {@code readTimeoutMs} with
   * whatever arrived, possibly nothing.
   *
   * @throws IOException naming the port, when it does not exist or cannot be opened
   */
  public static SerialPort open(String path, SerialSettings settings, int readTimeoutMs)
      throws IOException {
    SerialPort port;
    try {
      port = SerialPort.getCommPort(path);
    } catch (SerialPortInvalidPortException e) {
      throw new IOException("cannot open serial port " + path + ": " + e.getMessage(), e);
    }
    port.setComPortParameters(
        settings.baud(), settings.dataBits(), stopBits(settings), parity(settings));
    port.setComPortTimeouts(
        SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
        readTimeoutMs,
        WRITE_TIMEOUT_MS);
    if (!port.openPort()) {
      throw new IOException(
          "cannot open serial port "
              + path
              + " ("
              + settings
              + "): error "
              + port.getLastErrorCode()
              + " at "
              + port.getLastErrorLocation());
    }
    return port;
  }

  /** Writes all of {@code bytes}, or fails naming the port. */
  public static void write(SerialPort port, byte[] bytes) throws IOException {
    int written = port.writeBytes(bytes, bytes.length);
    if (written != bytes.length) {
      throw new IOException(
          "cannot write to serial port "
              + port.getSystemPortPath()
              + ": wrote "
              + written
              + " of "
              + bytes.length
              + " bytes");
    }
  }

  private static int stopBits(SerialSettings settings) {
    return settings.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
  }

  private static int parity(SerialSettings settings) {
    return switch (settings.parity()) {
      case NONE -> SerialPort.NO_PARITY;
      case EVEN -> SerialPort.EVEN_PARITY;
      case ODD -> SerialPort.ODD_PARITY;
    };
  }
}
