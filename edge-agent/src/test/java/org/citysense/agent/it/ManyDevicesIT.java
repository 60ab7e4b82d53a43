package org.citysense.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.citysense.agent.Agent;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.testing.Devices;
import org.citysense.agent.testing.RecordingSink;
import org.citysense.agent.testing.TestConfigs;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent with 200 Modbus TCP devices behind 4 endpoints (50 unit ids each, as behind serial
 * servers): every device is read, each endpoint holds one connection, and the agent's threads stay
 * few: they grow with its buses, not its devices.
 */
class ManyDevicesIT {
  private static final int ENDPOINTS = 4;
  private static final int UNITS = 50;
  private static final int MAX_THREADS = 40;

  private final Clock clock = Clock.systemUTC();
  private final Devices devices = new Devices();
  @TempDir Path dir;

  @Test
  void twoHundredDevicesOnFourEndpointsTakeFourConnectionsAndFewThreads() throws Exception {
    List<ModbusTcpServer> servers = new ArrayList<>();
    List<DeviceInstance> instances = new ArrayList<>();
    try {
      for (int e = 0; e < ENDPOINTS; e++) {
        ModbusSlave slave = new ModbusSlave(true);
        ModbusTcpServer server = new ModbusTcpServer("127.0.0.1", 0, slave);
        server.start();
        servers.add(server);
        for (int unit = 1; unit <= UNITS; unit++) {
          String id = "pm-" + e + "-" + unit;
          Transport tcp = new Transport.ModbusTcp("127.0.0.1", server.boundPort(), unit);
          slave.add(unit, devices.sim(id, "pm25-rs485", tcp, clock));
          instances.add(everySecond(id, tcp));
        }
      }
      // the servers' own loop threads start with their first connection: named, left out below
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      RecordingSink sink = new RecordingSink();
      try (ProtocolDrivers drivers = new ProtocolDrivers();
          Agent agent =
              new Agent(config(instances), ProfileCatalog.bundled(), clock, drivers, sink)) {
        agent.start();
        Poll.until(
            "a reading of every device",
            Duration.ofSeconds(60),
            () -> instances.stream().allMatch(d -> sink.latest(d.id(), "pm2_5") != null));
        Set<String> agentThreads = newThreads(before);
        System.out.printf(
            "ManyDevicesIT: %d devices on %d endpoints: %d agent threads %s%n",
            instances.size(), ENDPOINTS, agentThreads.size(), agentThreads);
        assertThat(agentThreads).as("the agent's threads").hasSizeLessThanOrEqualTo(MAX_THREADS);
        assertThat(servers)
            .as("connections open at each endpoint")
            .allSatisfy(s -> assertThat(s.openConnections()).isEqualTo(1));
        assertThat(servers)
            .as("connections ever open at once at each endpoint")
            .allSatisfy(s -> assertThat(s.mostOpenConnections()).isEqualTo(1));
      }
    } finally {
      servers.forEach(ModbusTcpServer::close);
    }
  }

  /** The live threads started since {@code before}, but the simulated servers' own. */
  private static Set<String> newThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> !before.contains(t))
        .map(Thread::getName)
        .filter(name -> !name.startsWith("modbus-tcp-"))
        .collect(Collectors.toSet());
  }

  private AgentConfig config(List<DeviceInstance> instances) {
    AgentConfig.Polling polling =
        new AgentConfig.Polling(
            new DriverSettings(Duration.ofSeconds(1), 1, Duration.ofMillis(100), 8),
            3,
            Duration.ofSeconds(5),
            256);
    return TestConfigs.polling(dir.resolve("data"), polling, instances);
  }

  private DeviceInstance everySecond(String id, Transport tcp) {
    Map<String, Duration> intervals = new HashMap<>();
    devices
        .profile("pm25-rs485")
        .points()
        .forEach(p -> intervals.put(p.name(), Duration.ofSeconds(1)));
    return new DeviceInstance(id, "pm25-rs485", tcp, null, null, null, null, Map.of(), intervals);
  }
}
