package org.citysense.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citysense.agent.Agent;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.modbustcp.ModbusTcpDriver;
import org.citysense.agent.poll.Bus;
import org.citysense.agent.testing.Devices;
import org.citysense.agent.testing.RecordingSink;
import org.citysense.agent.testing.TestConfigs;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.wire.WireReading;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.sim.scenario.FaultType;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against the simulator's Modbus TCP server with eight slow units behind one endpoint,
 * the server counting the requests one connection has outstanding: with {@code inFlight: 4} it sees
 * several at once on its one connection, never more than four, and every value read is the one its
 * unit serves; with the default it never sees two.
 */
class ModbusTcpInFlightIT {
  private static final int UNITS = 8;
  private static final Duration SLOW = Duration.ofMillis(100);
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final Clock clock = Clock.systemUTC();
  private final Devices devices = new Devices();
  private final ModbusSlave slave = new ModbusSlave(true);
  private final List<SimDevice> served = new ArrayList<>();
  private ModbusTcpServer server;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    for (int unit = 1; unit <= UNITS; unit++) {
      SimDevice d =
          devices.sim(
              "pm-" + unit, "pm25-rs485", new Transport.ModbusTcp("127.0.0.1", 0, unit), clock);
      // values of its own, so an answer handed to another unit's request would show
      d.set("pm2_5", Value.of(10.0 + unit));
      d.set("pm10", Value.of(100.0 + unit));
      d.set("temperature", Value.of(20.5 + unit));
      d.set("humidity", Value.of(40.5 + unit));
      d.inject(FaultType.SLOW, null, null, 0, SLOW);
      slave.add(unit, d);
      served.add(d);
    }
    server = new ModbusTcpServer("127.0.0.1", 0, slave);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void fourInFlightPutSeveralRequestsOnOneConnectionAndEachAnswerReachesItsUnit() throws Exception {
    Bus bus = run(4);

    assertThat(bus.lanes()).isEqualTo(4);
    assertThat(server.mostOutstanding())
        .as("requests outstanding at once on one connection")
        .isBetween(2, 4);
    assertThat(server.mostOpenConnections()).as("connections open at once").isEqualTo(1);
  }

  @Test
  void byDefaultOneRequestIsOutstandingAtATime() throws Exception {
    Bus bus = run(Transport.ModbusTcp.DEFAULT_IN_FLIGHT);

    assertThat(bus.lanes()).isEqualTo(1);
    assertThat(server.mostOutstanding()).as("requests outstanding at once").isEqualTo(1);
    assertThat(server.mostOpenConnections()).as("connections open at once").isEqualTo(1);
  }

  /**
   * Runs the agent until every unit was polled three times and read as served; returns its bus,
   * closed by then.
   */
  private Bus run(int inFlight) throws Exception {
    List<DeviceInstance> instances = new ArrayList<>();
    for (SimDevice d : served) {
      Transport.ModbusTcp unit = (Transport.ModbusTcp) d.instance().transport();
      instances.add(
          everyPoll(
              d.id(),
              new Transport.ModbusTcp("127.0.0.1", server.boundPort(), unit.unitId(), inFlight)));
    }
    RecordingSink sink = new RecordingSink();
    Bus bus;
    try (ProtocolDrivers drivers = new ProtocolDrivers();
        Agent agent =
            new Agent(config(instances), ProfileCatalog.bundled(), clock, drivers, sink)) {
      agent.start();
      bus = agent.buses().get("modbus-tcp 127.0.0.1:" + server.boundPort());
      Poll.until("three polls of each unit", WAIT, () -> bus.polls() >= 3L * UNITS);
      Poll.until(
          "a reading of every point of every unit",
          WAIT,
          () -> served.stream().allMatch(d -> readAll(sink, d)));
      System.out.printf(
          "ModbusTcpInFlightIT: inFlight %d, %d units: %d polls, at most %d requests outstanding%n",
          inFlight, UNITS, bus.polls(), server.mostOutstanding());
      assertThat(bus.failedPolls()).as("polls without an answer").isZero();
      assertThat(((ModbusTcpDriver) bus.driver()).discarded()).as("answers discarded").isZero();
      for (SimDevice d : served) {
        assertReadAsServed(sink, d); // before close, which interrupts the reads under way
      }
    }
    return bus;
  }

  private static boolean readAll(RecordingSink sink, SimDevice d) {
    return d.profile().points().stream().allMatch(p -> sink.latest(d.id(), p.name()) != null);
  }

  private static void assertReadAsServed(RecordingSink sink, SimDevice d) {
    d.snapshot()
        .values()
        .forEach(
            (point, value) -> {
              WireReading r = sink.latest(d.id(), point);
              assertThat(r.quality()).as("%s %s", d.id(), point).isEqualTo(Quality.GOOD);
              assertThat(r.value().asDouble())
                  .as("%s %s", d.id(), point)
                  .isCloseTo(value.asDouble(), within(0.05)); // half a step of 0.1
            });
  }

  private AgentConfig config(List<DeviceInstance> instances) {
    AgentConfig.Polling polling =
        new AgentConfig.Polling(
            new DriverSettings(Duration.ofSeconds(2), 1, Duration.ofMillis(100), 8),
            3,
            Duration.ofSeconds(5),
            64);
    return TestConfigs.polling(dir.resolve("data"), polling, instances);
  }

  /** Every point polled as often as the scheduler can, so the bus always has work queued. */
  private DeviceInstance everyPoll(String id, Transport tcp) {
    Map<String, Duration> intervals = new HashMap<>();
    devices.profile("pm25-rs485").points().forEach(p -> intervals.put(p.name(), SLOW));
    return new DeviceInstance(id, "pm25-rs485", tcp, null, null, null, null, Map.of(), intervals);
  }
}
