package org.citysense.profiles.model;

import java.util.List;
import java.util.Optional;
import org.citysense.profiles.device.SerialSettings;

/**
 * A type of device: what it measures and how to read it. Where one device sits and how it is
 * addressed belongs to its {@link org.citysense.profiles.device.DeviceInstance}.
 *
 * @param id the profile id, which is its file name without {@code .yaml}
 * @param frame the frame layout, for serial-frame profiles only
 * @param serial the serial line settings the device ships with (8E1 unless the profile says)
 */
public record DeviceProfile(
    String id,
    String model,
    String manufacturer,
    String description,
    ProtocolFamily family,
    List<Point> points,
    FrameSpec frame,
    SerialSettings serial) {

  public DeviceProfile {
    points = List.copyOf(points);
  }

  public Optional<Point> point(String name) {
    return points.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public List<String> pointNames() {
    return points.stream().map(Point::name).toList();
  }
}
