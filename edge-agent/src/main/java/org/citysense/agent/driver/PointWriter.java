package org.citysense.agent.driver;

import java.util.concurrent.CompletableFuture;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;

/**
 * Writes one point of a device the way its bus does: ahead of the queued polls, never blocking, a
 * refusal as a failed result. What edge alarms need of a bus, so they need not know buses.
 */
@FunctionalInterface
public interface PointWriter {
  CompletableFuture<WriteResult> write(DeviceInstance device, Point point, Value value);
}
