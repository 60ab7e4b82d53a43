package org.citysense.system;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.sim.scenario.ScenarioCatalog;

/**
 * Simulated Modbus devices in the test's JVM, playing the baseline scenario on the test's clock:
 * {@code servers} Modbus TCP servers on free ports of 127.0.0.1, the devices spread over them as
 * unit ids 1, 2, … (a serial server with an RS-485 line behind it, each).
 */
final class SimSite implements AutoCloseable {
  /** A device as the agent and the cloud know it. */
  record Device(String id, String profile, String host, int port, int unitId) {}

  private final List<ModbusTcpServer> servers = new ArrayList<>();
  private final Map<String, SimDevice> sims = new LinkedHashMap<>();
  private final List<Device> devices = new ArrayList<>();

  /**
   * @param profiles device id → bundled profile id
   */
  SimSite(Clock clock, int serverCount, Map<String, String> profiles) throws Exception {
    ProfileCatalog catalog = ProfileCatalog.bundled();
    DeviceFactory factory =
        new DeviceFactory(catalog, clock, 42, ZoneId.of("Asia/Shanghai"), clock.instant());
    ScenarioCatalog scenarios = ScenarioCatalog.bundled();
    List<ModbusSlave> slaves = new ArrayList<>();
    for (int i = 0; i < serverCount; i++) {
      slaves.add(new ModbusSlave(true));
    }
    int n = 0;
    List<Object[]> placed = new ArrayList<>();
    for (Map.Entry<String, String> e : profiles.entrySet()) {
      int server = n % serverCount;
      int unitId = n / serverCount + 1;
      DeviceInstance instance =
          new DeviceInstance(
              e.getKey(),
              e.getValue(),
              new Transport.ModbusTcp("127.0.0.1", 0, unitId),
              null,
              null,
              null,
              null,
              Map.of(),
              Map.<String, Duration>of());
      SimDevice sim = factory.create(instance, scenarios.compose("baseline", "system test"));
      slaves.get(server).add(unitId, sim);
      sims.put(e.getKey(), sim);
      placed.add(new Object[] {e.getKey(), e.getValue(), server, unitId});
      n++;
    }
    for (ModbusSlave slave : slaves) {
      ModbusTcpServer server = new ModbusTcpServer("127.0.0.1", 0, slave);
      server.start();
      servers.add(server);
    }
    for (Object[] p : placed) {
      devices.add(
          new Device(
              (String) p[0],
              (String) p[1],
              "127.0.0.1",
              servers.get((Integer) p[2]).boundPort(),
              (Integer) p[3]));
    }
  }

  List<Device> devices() {
    return List.copyOf(devices);
  }

  SimDevice sim(String id) {
    return sims.get(id);
  }

  /** Requests the servers have answered so far. */
  long requests() {
    return servers.stream().mapToLong(s -> s.slave().requests()).sum();
  }

  @Override
  public void close() {
    servers.forEach(ModbusTcpServer::close);
  }
}
