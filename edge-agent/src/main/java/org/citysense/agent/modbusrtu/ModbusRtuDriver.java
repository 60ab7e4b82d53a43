package org.citysense.agent.modbusrtu;

import java.util.List;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.PollingDriver;
import org.citysense.agent.driver.WriteResult;
import org.citysense.agent.modbus.BlockReader;
import org.citysense.agent.modbus.ModbusRequest;
import org.citysense.agent.modbus.Reply;
import org.citysense.agent.modbus.Retry;
import org.citysense.agent.modbus.RtuFrame;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;

/**
 * Modbus RTU master for the devices on one serial line, framed by us on jSerialComm (PLC4X's serial
 * transport is not reliable). A device's points are read in coalesced blocks; every failure is a
 * result: silence is TIMEOUT, a bad CRC CHECKSUM, an exception response EXCEPTION with its code,
 * garbage MALFORMED, a port that cannot be opened DISCONNECTED (and opened again later).
 */
public final class ModbusRtuDriver implements PollingDriver {
  private final String serialPort;
  private final RtuMaster master;
  private final BlockReader reader;
  private final Retry retry;

  /**
   * @param serialPort the port's path, e.g. /dev/ttyUSB0 or a pty's link
   * @param serial the line's settings, which every device on it shares
   */
  public ModbusRtuDriver(String serialPort, SerialSettings serial, DriverSettings settings) {
    this(
        serialPort,
        new RtuMaster(
            () -> JSerialCommLine.open(serialPort, serial),
            serialPort,
            RtuFrame.silentInterval(serial),
            settings.timeout()),
        settings);
  }

  private ModbusRtuDriver(String serialPort, RtuMaster master, DriverSettings settings) {
    this.serialPort = serialPort;
    this.master = master;
    this.reader =
        new BlockReader(
            settings, (unitId, block) -> master.transact(unitId, ModbusRequest.read(block)));
    this.retry = new Retry(settings);
  }

  /**
   * @throws IllegalArgumentException when the device is not on a Modbus RTU line; device problems
   *     are results
   */
  @Override
  public List<PointResult> read(DeviceInstance device, List<Point> points) {
    return reader.read(device.id(), unitId(device), points);
  }

  /**
   * Function 5 for a coil, 6 for a one-register point, 16 for a wider one.
   *
   * @throws IllegalArgumentException when the point is not writable or the value does not fit it
   */
  @Override
  public WriteResult write(DeviceInstance device, Point point, Value value) {
    ModbusRequest request = ModbusRequest.write(point, value);
    int unitId = unitId(device);
    Reply reply = retry.run(() -> master.transact(unitId, request));
    return reply.isOk() ? WriteResult.OK : WriteResult.failed(reply.failure());
  }

  @Override
  public long requests() {
    return master.requests();
  }

  @Override
  public void close() {
    master.close();
  }

  private int unitId(DeviceInstance device) {
    if (device.transport() instanceof Transport.ModbusRtu rtu) {
      return rtu.unitId();
    }
    throw new IllegalArgumentException(
        "device " + device.id() + " is not on a Modbus RTU line, so not on " + serialPort);
  }
}
