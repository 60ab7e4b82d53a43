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
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;

/**
 * Modbus TCP master for one endpoint (a device, or a serial server with several unit ids behind
 * it), through Apache PLC4X 0.13.1 with one connection per unit id. A device's points are read in
 * coalesced blocks, one PLC4X request per block; every failure is a result: no connection is
 * DISCONNECTED (and reconnected on the next read), no answer TIMEOUT, an exception response
 * EXCEPTION with its code where PLC4X keeps it.
 */
public final class ModbusTcpDriver implements PollingDriver {
  private final Plc4xEndpoint endpoint;
  private final BlockReader reader;
  private final Retry retry;

  public ModbusTcpDriver(String host, int port, DriverSettings settings) {
    this.endpoint = new Plc4xEndpoint(host, port, settings.timeout());
    this.reader =
        new BlockReader(
            settings,
            (unitId, block) ->
                endpoint.call(
                    unitId,
                    connection -> Plc4xRequests.read(connection, block),
                    response -> Plc4xRequests.readReply(block, response)));
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
   * A coil goes out as function 15 (PLC4X has no function 5), one register as 6, more as 16.
   *
   * @throws IllegalArgumentException when the point is not writable or the value does not fit it
   */
  @Override
  public WriteResult write(DeviceInstance device, Point point, Value value) {
    Source.Modbus m = ModbusRequest.writableSource(point);
    int unitId = unitId(device);
    Reply reply;
    if (m.table() == ModbusTable.COIL) {
      boolean on = Encoder.bit(point, value);
      reply =
          retry.run(
              () ->
                  endpoint.call(
                      unitId,
                      connection -> Plc4xRequests.writeCoil(connection, m.address(), on),
                      Plc4xRequests::writeReply));
    } else {
      int[] words = Encoder.registers(point, value);
      reply =
          retry.run(
              () ->
                  endpoint.call(
                      unitId,
                      connection -> Plc4xRequests.writeRegisters(connection, m.address(), words),
                      Plc4xRequests::writeReply));
    }
    return reply.isOk() ? WriteResult.OK : WriteResult.failed(reply.failure());
  }

  @Override
  public long requests() {
    return endpoint.requests();
  }

  /** Closes every unit's connection at once; PLC4X takes about 2 s for it. */
  @Override
  public void close() {
    endpoint.close();
  }

  private int unitId(DeviceInstance device) {
    if (device.transport() instanceof Transport.ModbusTcp tcp) {
      return tcp.unitId();
    }
    throw new IllegalArgumentException(
        "device "
            + device.id()
            + " is not reached over Modbus TCP, so not at "
            + endpoint.endpoint());
  }
}
