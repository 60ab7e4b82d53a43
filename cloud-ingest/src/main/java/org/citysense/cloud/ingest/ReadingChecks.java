package org.citysense.cloud.ingest;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.wire.WireReading;

/**
 * Why the cloud refuses one reading of a batch it takes: the device is unknown, belongs to another
 * gateway, or has no such point in its profile. The point is checked because the reading store
 * keeps a series per (device, point): names a gateway makes up would each start a new one.
 */
public final class ReadingChecks {
  private final IngestDirectory directory;
  private final Map<String, Set<String>> pointsByProfile;

  /**
   * @param profiles the profiles the cloud knows; every registered device follows one of them
   */
  public ReadingChecks(IngestDirectory directory, ProfileCatalog profiles) {
    this.directory = directory;
    this.pointsByProfile =
        profiles.all().stream()
            .collect(
                Collectors.toUnmodifiableMap(DeviceProfile::id, p -> Set.copyOf(p.pointNames())));
  }

  /** The reason to refuse {@code r} from {@code gatewayId}, or empty to take it. */
  public Optional<String> problem(String gatewayId, WireReading r) {
    Optional<DeviceRecord> found = directory.device(r.deviceId());
    if (found.isEmpty()) {
      return Optional.of("unknown device " + r.deviceId());
    }
    DeviceRecord device = found.get();
    if (!device.gatewayId().equals(gatewayId)) {
      return Optional.of("device " + r.deviceId() + " is not a device of gateway " + gatewayId);
    }
    Set<String> points = pointsByProfile.get(device.profile());
    if (points == null) {
      // registered under a profile this version no longer ships: its points cannot be checked
      return Optional.of(
          "device " + r.deviceId() + " follows profile " + device.profile() + ", unknown here");
    }
    if (!points.contains(r.point())) {
      return Optional.of(
          "unknown point "
              + r.point()
              + " of device "
              + r.deviceId()
              + " (profile "
              + device.profile()
              + ": "
              + String.join(", ", points.stream().sorted().toList())
              + ")");
    }
    return Optional.empty();
  }
}
