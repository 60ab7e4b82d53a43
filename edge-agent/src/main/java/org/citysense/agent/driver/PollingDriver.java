package org.citysense.agent.driver;

import java.util.List;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;

/**
 * Reads and writes the devices of one physical bus: one Modbus TCP endpoint, one RS-485 line, one
 * OPC UA server. Called by one thread at a time, the bus's own, so an implementation needs no
 * locking; a slow or dead device delays only its own bus. Device-level failures are results, never
 * exceptions.
 */
public interface PollingDriver extends AutoCloseable {

  /**
   * Reads {@code points} of {@code device} and returns one result per point, in the same order.
   * Connects (again) when needed. A Modbus driver coalesces contiguous registers into block reads.
   */
  List<PointResult> read(DeviceInstance device, List<Point> points);

  /** Writes one writable point; {@code value} is in the point's canonical unit. */
  WriteResult write(DeviceInstance device, Point point, Value value);

  /** Requests put on the wire since start (a block read counts once), for status and tests. */
  long requests();

  /** Releases the connection or port and every thread, promptly. */
  @Override
  void close();
}
