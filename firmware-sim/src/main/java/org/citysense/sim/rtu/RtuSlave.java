package org.citysense.sim.rtu;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.citysense.io.serial.SerialPorts;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.sim.SimTransport;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus RTU bus: the devices of one serial port, each behind its unit id, served by one reader
 * thread. Requests are answered one at a time, as on a real RS-485 line; broadcasts and requests
 * for unknown unit ids get no answer.
 */
public final class RtuSlave implements SimTransport {
  private static final Logger LOG = LoggerFactory.getLogger(RtuSlave.class);

  /** How long a read waits for bytes; bounds how late a silence is noticed and close() waits. */
  private static final int READ_TIMEOUT_MS = 20;

  private static final long JOIN_TIMEOUT_MS = 2000;

  private final String path;
  private final SerialSettings serial;
  private final ModbusSlave slave;
  private final RtuResponder responder;
  private volatile boolean running;
  private SerialPort port;
  private Thread reader;

  /**
   * @param path the port's path, e.g. /dev/ttyUSB0 or the link a socat pty pair was given
   * @param slave the devices on the bus, built with {@code new ModbusSlave(false)}
   */
  public RtuSlave(String path, SerialSettings serial, ModbusSlave slave) {
    this.path = path;
    this.serial = serial;
    this.slave = slave;
    this.responder = new RtuResponder(slave);
  }

  /**
   * One bus per serial port of the devices reached over Modbus RTU; devices reached otherwise are
   * left out.
   *
   * @throws IllegalArgumentException when two devices on a port disagree on its settings or share a
   *     unit id
   */
  public static List<RtuSlave> forDevices(Collection<SimDevice> devices) {
    Map<String, List<SimDevice>> byPort = new LinkedHashMap<>();
    for (SimDevice device : devices) {
      if (device.instance().transport() instanceof Transport.ModbusRtu rtu) {
        byPort.computeIfAbsent(rtu.port(), p -> new ArrayList<>()).add(device);
      }
    }
    List<RtuSlave> buses = new ArrayList<>();
    byPort.forEach((port, onPort) -> buses.add(bus(port, onPort)));
    return buses;
  }

  private static RtuSlave bus(String port, List<SimDevice> devices) {
    Transport.ModbusRtu first = (Transport.ModbusRtu) devices.get(0).instance().transport();
    ModbusSlave slave = new ModbusSlave(false);
    for (SimDevice device : devices) {
      Transport.ModbusRtu rtu = (Transport.ModbusRtu) device.instance().transport();
      if (!rtu.serial().equals(first.serial())) {
        throw new IllegalArgumentException(
            String.format(
                "devices %s and %s share serial port %s with different settings: %s and %s",
                devices.get(0).id(), device.id(), port, first.serial(), rtu.serial()));
      }
      slave.add(rtu.unitId(), device);
    }
    return new RtuSlave(port, first.serial(), slave);
  }

  public ModbusSlave slave() {
    return slave;
  }

  @Override
  public void start() throws IOException {
    port = SerialPorts.open(path, serial, READ_TIMEOUT_MS);
    running = true;
    reader = new Thread(this::serve, "modbus-rtu " + path);
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public String describe() {
    String units =
        slave.units().keySet().stream()
            .sorted()
            .map(String::valueOf)
            .collect(Collectors.joining(","));
    return "modbus-rtu " + path + " " + serial + " units " + units;
  }

  @Override
  public void close() {
    running = false;
    Thread t = reader;
    if (t != null) {
      t.interrupt();
      try {
        t.join(JOIN_TIMEOUT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (port != null) {
      port.closePort();
    }
  }

  private void serve() {
    RtuFramer framer = new RtuFramer(serial, System::nanoTime);
    byte[] chunk = new byte[RtuFramer.MAX_FRAME];
    while (running && !Thread.currentThread().isInterrupted()) {
      int count = port.readBytes(chunk, chunk.length);
      if (count < 0) {
        if (running) {
          LOG.error(
              "cannot read, the bus stops [port: {}, error: {}]", path, port.getLastErrorCode());
        }
        return;
      }
      List<RtuFramer.Frame> frames = count == 0 ? framer.idle() : framer.feed(chunk, count);
      for (RtuFramer.Frame frame : frames) {
        if (!answer(frame)) {
          return;
        }
      }
    }
  }

  /** Answers one request; false when interrupted while holding back a slow answer. */
  private boolean answer(RtuFramer.Frame request) {
    Optional<RtuResponder.Reply> reply;
    try {
      reply = responder.respond(request);
    } catch (RuntimeException e) {
      LOG.warn("cannot answer [port: {}, unit: {}]: {}", path, request.unitId(), e.toString());
      return true;
    }
    if (reply.isEmpty()) {
      return true;
    }
    try {
      Thread.sleep(reply.get().delay().toMillis());
      SerialPorts.write(port, reply.get().frame());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (IOException e) {
      LOG.warn("cannot answer [port: {}, unit: {}]: {}", path, request.unitId(), e.getMessage());
    }
    return true;
  }
}
