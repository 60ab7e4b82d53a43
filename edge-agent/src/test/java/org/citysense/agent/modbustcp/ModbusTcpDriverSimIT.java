package org.citysense.agent.modbustcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.WriteResult;
import org.citysense.agent.modbus.testing.Served;
import org.citysense.agent.modbus.testing.SimDevices;
import org.citysense.agent.modbus.testing.Threads;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.ProtocolFamily;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.sim.scenario.FaultType;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Modbus TCP driver against the simulator's in-process server, one device of every bundled
 * Modbus profile behind one port: decoded values, requests counted on the server, faults, a write,
 * a server that goes away and comes back, and the threads left after close.
 */
class ModbusTcpDriverSimIT {
  private static final DriverSettings SETTINGS =
      new DriverSettings(Duration.ofMillis(500), 1, Duration.ofMillis(20), 8);
  private static final Duration THREADS_LIMIT = Duration.ofSeconds(15);

  private final SimDevices devices = new SimDevices();
  private final ModbusSlave slave = new ModbusSlave(true);
  private final List<SimDevice> all = new ArrayList<>();
  private final List<ModbusTcpDriver> drivers = new ArrayList<>();
  private final TcpLoops loops = new TcpLoops();
  private ModbusTcpServer server;
  private SimDevice pm;
  private SimDevice gas;
  private SimDevice meter;

  @BeforeEach
  void start() throws Exception {
    int unit = 1;
    for (DeviceProfile profile : ProfileCatalog.bundled().all()) {
      if (profile.family() == ProtocolFamily.MODBUS) {
        Transport tcp = new Transport.ModbusTcp("127.0.0.1", 0, unit);
        SimDevice device = devices.create(profile.id() + "-" + unit, profile.id(), tcp);
        slave.add(unit++, device);
        all.add(device);
      }
    }
    pm = device("pm25-rs485");
    gas = device("gas-lel-modbus");
    meter = device("water-meter-modbus");
    // a negative int16 and an alarm bit set, beyond what the baseline serves
    pm.set("temperature", Value.of(-12.3));
    gas.set("gas", Value.of(25.0));
    server = new ModbusTcpServer("127.0.0.1", 0, slave);
    server.start();
  }

  @AfterEach
  void stop() {
    drivers.forEach(ModbusTcpDriver::close);
    loops.close();
    server.close();
  }

  @Test
  void everyBundledModbusProfileReadsAsTheDeviceServesIt() {
    assertThat(all)
        .extracting(d -> d.profile().id())
        .contains("pm25-rs485", "gas-lel-modbus", "water-meter-modbus", "water-level-radar");
    ModbusTcpDriver driver = driver(8);
    for (SimDevice device : all) {
      Served.assertReadAsServed(device, driver.read(device.instance(), device.profile().points()));
    }
  }

  @Test
  void aDevicesPointsAreReadInAsFewRequestsAsTheGapAllows() {
    // pm25-rs485 has holding registers 0, 1, 4, 9: one block with maxGap 8
    assertThat(requestsFor(driver(8), pm)).isEqualTo(1);
    // strictly contiguous: 0-1, 4, 9
    assertThat(requestsFor(driver(0), pm)).isEqualTo(3);
    // the water meter's five registers 0-4 are contiguous
    assertThat(requestsFor(driver(0), meter)).isEqualTo(1);
  }

  @Test
  void aSilentDeviceTimesOutAfterItsRetriesAndItsNeighbourStillReads() {
    ModbusTcpDriver driver = driver(8);
    pm.inject(FaultType.NO_RESPONSE, null, null, 0, Duration.ZERO);
    long before = slave.requests();
    List<PointResult> results = driver.read(pm.instance(), pm.profile().points());
    assertThat(results).extracting(r -> r.failure().kind()).containsOnly(Failure.Kind.TIMEOUT);
    assertThat(slave.requests() - before).isEqualTo(1 + SETTINGS.retries());
    Served.assertReadAsServed(gas, driver.read(gas.instance(), gas.profile().points()));
  }

  @Test
  void anExceptionResponseKeepsItsCode() {
    ModbusTcpDriver driver = driver(8);
    pm.inject(FaultType.EXCEPTION, null, null, 6, Duration.ZERO);
    long before = slave.requests();
    List<PointResult> results = driver.read(pm.instance(), pm.profile().points());
    assertThat(results)
        .extracting(PointResult::failure)
        .allMatch(f -> f.kind() == Failure.Kind.EXCEPTION && f.code() == 6, "exception 6");
    assertThat(slave.requests() - before).as("not repeated").isEqualTo(1);
    pm.clearFaults();
    Served.assertReadAsServed(pm, driver.read(pm.instance(), pm.profile().points()));
  }

  @Test
  void theValveWriteReachesTheDevice() {
    ModbusTcpDriver driver = driver(8);
    WriteResult result =
        driver.write(gas.instance(), gas.profile().point("valve").orElseThrow(), Value.of(false));
    assertThat(result.ok()).as("%s", result.failure()).isTrue();
    assertThat(gas.writes()).containsExactly("valve=false");
    Served.assertReadAsServed(gas, driver.read(gas.instance(), gas.profile().points()));
  }

  @Test
  void aServerThatWentAwayIsDisconnectedAndReconnectedWhenBack() throws Exception {
    ModbusTcpDriver driver = driver(8);
    Served.assertReadAsServed(pm, driver.read(pm.instance(), pm.profile().points()));
    int port = server.boundPort();
    server.close();
    List<PointResult> results = driver.read(pm.instance(), pm.profile().points());
    assertThat(results).extracting(r -> r.failure().kind()).containsOnly(Failure.Kind.DISCONNECTED);
    server = new ModbusTcpServer("127.0.0.1", port, slave);
    server.start();
    // connected again on a read after the backoff (0.1 s, doubling while refused)
    Poll.until(
        "the driver reads again once the server is back",
        THREADS_LIMIT,
        () -> driver.read(pm.instance(), pm.profile().points()).stream().allMatch(r -> r.isOk()));
    Served.assertReadAsServed(pm, driver.read(pm.instance(), pm.profile().points()));
  }

  @Test
  void twentyUnitsBehindAServerThatTakesOneConnectionAllReadAsServed() throws Exception {
    ModbusSlave line = new ModbusSlave(true);
    List<SimDevice> meters = new ArrayList<>();
    for (int unit = 1; unit <= 20; unit++) {
      String profile = unit % 2 == 0 ? "water-meter-modbus" : "gas-lel-modbus";
      SimDevice d =
          devices.create(
              "converter-" + unit, profile, new Transport.ModbusTcp("127.0.0.1", 0, unit));
      line.add(unit, d);
      meters.add(d);
    }
    try (ModbusTcpServer converter =
        new ModbusTcpServer("127.0.0.1", 0, line).limitConnections(1)) {
      converter.start();
      DriverSettings settings =
          new DriverSettings(SETTINGS.timeout(), SETTINGS.retries(), SETTINGS.retryBackoff(), 8);
      ModbusTcpDriver driver =
          new ModbusTcpDriver(loops, "127.0.0.1", converter.boundPort(), 1, settings);
      drivers.add(driver);
      for (int round = 0; round < 3; round++) {
        for (SimDevice d : meters) {
          Served.assertReadAsServed(d, driver.read(d.instance(), d.profile().points()));
        }
      }
      assertThat(converter.mostOpenConnections()).as("connections open at once").isEqualTo(1);
      assertThat(converter.refusedConnections()).as("connections refused").isZero();
      assertThat(converter.openConnections()).as("connections open now").isEqualTo(1);
      assertThat(driver.discarded()).as("answers discarded").isZero();
    }
  }

  @Test
  void itsThreadsAreTheSharedLoopsAndCloseLeavesNone() throws Exception {
    Set<Thread> before = Threads.nonDaemon();
    Set<Thread> loopsBefore = Threads.named("agent-modbus-tcp-");
    ModbusTcpDriver driver = driver(8);
    ModbusTcpDriver another = driver(8);
    Served.assertReadAsServed(pm, driver.read(pm.instance(), pm.profile().points()));
    Served.assertReadAsServed(gas, another.read(gas.instance(), gas.profile().points()));
    Set<Thread> loopThreads = Threads.named("agent-modbus-tcp-");
    loopThreads.removeAll(loopsBefore);
    assertThat(loopThreads)
        .as("the loops' threads, shared by both endpoints")
        .hasSize(TcpLoops.DEFAULT_THREADS)
        .allMatch(Thread::isDaemon);
    assertThat(Threads.newNonDaemon(before)).as("threads that keep the JVM running").isEmpty();
    driver.close();
    another.close();
    loops.close();
    Poll.until(
        "no loop thread after close",
        THREADS_LIMIT,
        () -> loopThreads.stream().noneMatch(Thread::isAlive),
        () -> loopThreads.toString());
  }

  private long requestsFor(ModbusTcpDriver driver, SimDevice device) {
    long before = slave.requests();
    long driverBefore = driver.requests();
    Served.assertReadAsServed(device, driver.read(device.instance(), device.profile().points()));
    assertThat(driver.requests() - driverBefore).isEqualTo(slave.requests() - before);
    return slave.requests() - before;
  }

  private ModbusTcpDriver driver(int maxGap) {
    DriverSettings settings =
        new DriverSettings(SETTINGS.timeout(), SETTINGS.retries(), SETTINGS.retryBackoff(), maxGap);
    ModbusTcpDriver driver =
        new ModbusTcpDriver(loops, "127.0.0.1", server.boundPort(), 1, settings);
    drivers.add(driver);
    return driver;
  }

  private SimDevice device(String profile) {
    return all.stream().filter(d -> d.profile().id().equals(profile)).findFirst().orElseThrow();
  }
}
