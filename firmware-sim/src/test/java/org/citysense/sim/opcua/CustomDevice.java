package org.citysense.sim.opcua;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.ScenarioCatalog;

/** A device {@code t-1} of a one-off OPC UA profile {@code tank}, for cases no bundled one has. */
final class CustomDevice {
  private CustomDevice() {}

  /**
   * @param folder where the profile file goes
   * @param points the profile's points, as YAML flow mappings one per line
   */
  static SimDevice of(Path folder, String... points) throws IOException {
    StringBuilder yaml =
        new StringBuilder(
            "model: T1\nmanufacturer: Test\ndescription: Tank\nprotocol: opcua\ninterval: 10s\n"
                + "points:\n");
    for (String point : points) {
      yaml.append("  - ").append(point).append('\n');
    }
    Files.writeString(folder.resolve("tank.yaml"), yaml);
    ProfileCatalog catalog = ProfileCatalog.withFolder(folder);
    Clock clock = Clock.systemUTC();
    DeviceFactory factory =
        new DeviceFactory(catalog, clock, 1, ZoneId.of("Asia/Shanghai"), clock.instant());
    Transport endpoint = new Transport.OpcUa("opc.tcp://127.0.0.1:4840");
    DeviceInstance instance =
        new DeviceInstance("t-1", "tank", endpoint, null, null, null, null, Map.of(), Map.of());
    return factory.create(instance, ScenarioCatalog.bundled().compose("baseline", "test"));
  }
}
