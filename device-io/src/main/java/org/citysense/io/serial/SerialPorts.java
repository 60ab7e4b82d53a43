package org.citysense.io.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import org.citysense.profiles.device.Parity;
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
      throw new IOException(
          "cannot open serial port " + path + ": there is no such port; " + NO_PORT_HINT, e);
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
              + "): "
              + why(port.getLastErrorCode(), settings)
              + " [error "
              + port.getLastErrorCode()
              + " at "
              + port.getLastErrorLocation()
              + "]");
    }
    return port;
  }

  private static final String NO_PORT_HINT =
      "check the path (ls /dev/ttyUSB* /dev/ttyS* /dev/serial/by-id/) and that the adapter is"
          + " plugged in";

  /** What jSerialComm's error code (the system's errno) means for someone at the gateway. */
  static String why(int errno, SerialSettings settings) {
    return switch (errno) {
      case 2 -> "there is no such port; " + NO_PORT_HINT;
      case 13, 1 ->
          "permission denied: the agent's user must be in the group that owns the port, usually"
              + " dialout (sudo usermod -aG dialout USER, then start the agent again)";
      case 16 -> "the port is in use by another program (see: sudo fuser -v PORT)";
      case 22 ->
          "the port refuses these settings"
              + (settings.parity() == Parity.NONE
                  ? ""
                  : "; a virtual port (socat pty) cannot keep "
                      + settings.parity().name().toLowerCase()
                      + " parity: use parity N at both ends of a simulated bus, or a real"
                      + " adapter");
      case 5, 6, 19 -> "the device behind the port is gone (unplugged adapter?)";
      default -> "the system refused to open it";
    };
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
