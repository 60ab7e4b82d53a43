package org.citysense.sim.serial;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.decode.Frames;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.Snapshot;
import org.citysense.sim.scenario.FaultType;

/**
 * The frame a serial-line sensor sends for one snapshot. Garbage fields are all ones (0xFFFF for a
 * uint16, NaN for a float) in a frame that still has a good checksum, as a sensor with a failing
 * measuring cell sends them; a value its field cannot hold is sent saturated the same way.
 */
final class FrameBuilder {
  private final DeviceProfile profile;

  FrameBuilder(DeviceProfile profile) {
    if (profile.frame() == null) {
      throw new IllegalArgumentException("profile " + profile.id() + " has no frame layout");
    }
    this.profile = profile;
  }

  /** The frame to send now, or empty when the device is silent (fault no-response). */
  Optional<byte[]> next(Snapshot snapshot) {
    if (snapshot.has(FaultType.NO_RESPONSE)) {
      return Optional.empty();
    }
    Map<String, Value> values = new HashMap<>();
    Set<Point> saturated = new HashSet<>();
    for (Point point : profile.points()) {
      Value value = snapshot.values().get(point.name());
      if (value == null) {
        continue;
      }
      if (snapshot.garbageFor(point.name()) || !fits(point, value)) {
        saturated.add(point);
      } else {
        values.put(point.name(), value);
      }
    }
    byte[] frame = Encoder.frame(profile, values);
    for (Point point : saturated) {
      Source.FrameField field = (Source.FrameField) point.source();
      Arrays.fill(frame, field.offset(), field.offset() + field.type().bytes(), (byte) 0xFF);
    }
    Frames.writeChecksum(profile.frame(), frame);
    return Optional.of(frame);
  }

  private boolean fits(Point point, Value value) {
    try {
      Encoder.frame(profile, Map.of(point.name(), value));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
