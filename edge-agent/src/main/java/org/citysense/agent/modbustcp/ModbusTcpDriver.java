package org.citysense.agent.modbustcp;

import java.util.List;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.PollingDriver;
import org.citysense.agent.driver.WriteResult;
import org.citysense.agent.modbus.BlockReader;
import org.citysense.agent.modbus.ModbusRequest;
import org.citysense.agent.modbus.Reply;
import org.citysense.agent.modbus.Retry;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;

/**
 * Modbus TCP master for one endpoint (a device, or a serial server with several unit ids behind it)
 * on one shared connection ({@link NettyTcpMaster}). A device's points are read in coalesced
 * blocks; every failure is a result: no connection is DISCONNECTED (and connected again later), no
 * answer TIMEOUT, an exception response EXCEPTION with its code, garbage MALFORMED.
 */
public final class ModbusTcpDriver implements PollingDriver {
  private final NettyTcpMaster master;
  private final BlockReader reader;
  private final Retry retry;

  /**
   * @param loops the event loops every endpoint of the agent shares
   * @param maxInFlight requests on the wire at once (1 for a serial server)
   */
  public ModbusTcpDriver(
      TcpLoops loops, String host, int port, int maxInFlight, DriverSettings settings) {
    this.master = new NettyTcpMaster(loops, host, port, settings.timeout(), maxInFlight);
    this.reader =
        new BlockReader(
            settings, (unitId, block) -> master.transact(unitId, ModbusRequest.read(block)));
    this.retry = new Retry(settings);
  }

  /**
   * @throws IllegalArgumentException when the device is not reached over Modbus TCP; device
   *     problems are results
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

  /** Answers discarded as matching no request (late, or from another unit). */
  public long discarded() {
    return master.discarded();
  }

  @Override
  public void close() {
    master.close();
  }

  private int unitId(DeviceInstance device) {
    if (device.transport() instanceof Transport.ModbusTcp tcp) {
      return tcp.unitId();
    }
    throw new IllegalArgumentException(
        "device "
            + device.id()
            + " is not reached over Modbus TCP, so not at "
            + master.describe());
  }
}
