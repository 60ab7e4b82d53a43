package org.citysense.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citysense.agent.Agent;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.poll.Bus;
import org.citysense.agent.testing.Devices;
import org.citysense.agent.testing.RecordingSink;
import org.citysense.agent.testing.TestConfigs;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.wire.DeviceState;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.sim.scenario.FaultType;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Modbus TCP endpoints are two buses: while the device on bus A times out on every request, bus
 * B keeps its pace, and each poll of B's four points costs one request on the wire. Asserted on
 * counts, never on wall-clock times.
 */
class BusIsolationIT {
  private final Clock clock = Clock.systemUTC();
  private final Devices devices = new Devices();
  @TempDir Path dir;

  @Test
  void aTimingOutBusDoesNotSlowAnother() throws Exception {
    ModbusSlave slaveA = new ModbusSlave(true);
    ModbusSlave slaveB = new ModbusSlave(true);
    SimDevice dead =
        devices.sim("pm-a", "pm25-rs485", new Transport.ModbusTcp("127.0.0.1", 0, 1), clock);
    dead.inject(FaultType.NO_RESPONSE, null, null, 0, Duration.ZERO);
    SimDevice alive =
        devices.sim("pm-b", "pm25-rs485", new Transport.ModbusTcp("127.0.0.1", 0, 1), clock);
    slaveA.add(1, dead);
    slaveB.add(1, alive);
    try (ModbusTcpServer a = new ModbusTcpServer("127.0.0.1", 0, slaveA);
        ModbusTcpServer b = new ModbusTcpServer("127.0.0.1", 0, slaveB)) {
      a.start();
      b.start();
      AgentConfig.Polling polling =
          new AgentConfig.Polling(
              new DriverSettings(Duration.ofMillis(300), 1, Duration.ofMillis(100), 8),
              3,
              Duration.ofMillis(200),
              64);
      AgentConfig config =
          TestConfigs.polling(
              dir.resolve("data"),
              polling,
              List.of(fast("pm-a", a.boundPort()), fast("pm-b", b.boundPort())));
      RecordingSink sink = new RecordingSink();
      long polledA;
      long polledB;
      long failedB;
      try (ProtocolDrivers drivers = new ProtocolDrivers();
          Agent agent = new Agent(config, ProfileCatalog.bundled(), clock, drivers, sink)) {
        agent.start();
        Bus busA = agent.buses().get("modbus-tcp 127.0.0.1:" + a.boundPort());
        Bus busB = agent.buses().get("modbus-tcp 127.0.0.1:" + b.boundPort());
        Poll.until("40 polls on bus B", Duration.ofSeconds(60), () -> busB.polls() >= 40);
        Poll.until(
            "3 failed polls on bus A", Duration.ofSeconds(60), () -> busA.failedPolls() >= 3);
        polledA = busA.polls();
        polledB = busB.polls();
        failedB = busB.failedPolls();
      }
      // each of A's polls waits out a timeout and a retry; B's are answered at once
      assertThat(failedB).isZero();
      assertThat(polledB).isGreaterThanOrEqualTo(3 * polledA);
      assertThat(sink.statuses())
          .anySatisfy(
              s -> {
                assertThat(s.deviceId()).isEqualTo("pm-a");
                assertThat(s.state()).isEqualTo(DeviceState.OFFLINE);
              })
          .noneSatisfy(
              s -> {
                assertThat(s.deviceId()).isEqualTo("pm-b");
                assertThat(s.state()).isEqualTo(DeviceState.OFFLINE);
              });
      // four points (addresses 0, 1, 4 and 9) cost one block read per poll: the simulator counted
      // every request on the wire; a poll cut short by the shutdown may have sent one more
      assertThat(slaveB.requests()).isBetween(polledB, polledB + 1);
    }
  }

  /** The device with every point read every 200 ms. */
  private DeviceInstance fast(String id, int port) {
    Map<String, Duration> intervals = new HashMap<>();
    devices
        .profile("pm25-rs485")
        .points()
        .forEach(p -> intervals.put(p.name(), Duration.ofMillis(200)));
    return new DeviceInstance(
        id,
        "pm25-rs485",
        new Transport.ModbusTcp("127.0.0.1", port, 1),
        null,
        null,
        null,
        null,
        Map.of(),
        intervals);
  }
}
