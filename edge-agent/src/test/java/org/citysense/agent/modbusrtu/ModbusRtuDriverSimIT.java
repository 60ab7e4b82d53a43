package org.citysense.agent.modbusrtu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.WriteResult;
import org.citysense.agent.modbus.testing.Served;
import org.citysense.agent.modbus.testing.SimDevices;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.ProtocolFamily;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.rtu.RtuSlave;
import org.citysense.sim.scenario.FaultType;
import org.citysense.testsupport.SocatPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Modbus RTU driver against the simulator's RTU slave over a socat pty pair, one device of
 * every bundled Modbus profile on one line: decoded values, requests counted on the bus, faults
 * with the neighbour read right after, a write, and a port that appears late.
 */
class ModbusRtuDriverSimIT {
  /**
   * Without parity: a pty cannot keep PARENB, and jSerialComm 2.11.4 then refuses to open it a
   * second time (EINVAL), which a real UART never does; these tests open the line repeatedly.
   */
  private static final SerialSettings SERIAL = new SerialSettings(9600, 8, Parity.NONE, 1);

  private static final DriverSettings SETTINGS =
      new DriverSettings(Duration.ofMillis(300), 1, Duration.ofMillis(20), 8);

  private final SimDevices devices = new SimDevices();
  private final ModbusSlave slave = new ModbusSlave(false);
  private final List<SimDevice> all = new ArrayList<>();
  private final List<ModbusRtuDriver> drivers = new ArrayList<>();
  private SocatPair line;
  private RtuSlave bus;
  private SimDevice pm;
  private SimDevice gas;
  private SimDevice meter;

  @BeforeEach
  void start() throws Exception {
    line = SocatPair.start();
    int unit = 1;
    for (DeviceProfile profile : ProfileCatalog.bundled().all()) {
      if (profile.family() == ProtocolFamily.MODBUS) {
        Transport rtu = new Transport.ModbusRtu(line.a().toString(), unit, SERIAL);
        SimDevice device = devices.create(profile.id() + "-" + unit, profile.id(), rtu);
        slave.add(unit++, device);
        all.add(device);
      }
    }
    pm = device("pm25-rs485");
    gas = device("gas-lel-modbus");
    meter = device("water-meter-modbus");
    pm.set("temperature", Value.of(-12.3));
    gas.set("gas", Value.of(25.0));
    bus = new RtuSlave(line.b().toString(), SERIAL, slave);
    bus.start();
  }

  @AfterEach
  void stop() {
    drivers.forEach(ModbusRtuDriver::close);
    if (bus != null) {
      bus.close();
    }
    line.close();
  }

  @Test
  void everyBundledModbusProfileReadsAsTheDeviceServesIt() {
    assertThat(all)
        .extracting(d -> d.profile().id())
        .contains("pm25-rs485", "gas-lel-modbus", "water-meter-modbus", "water-level-radar");
    ModbusRtuDriver driver = driver(line.a(), 8);
    for (SimDevice device : all) {
      Served.assertReadAsServed(device, driver.read(device.instance(), device.profile().points()));
    }
  }

  @Test
  void aDevicesPointsAreReadInAsFewRequestsAsTheGapAllows() {
    assertThat(requestsFor(8, pm)).isEqualTo(1);
    assertThat(requestsFor(0, pm)).isEqualTo(3);
    assertThat(requestsFor(0, meter)).isEqualTo(1);
  }

  @Test
  void aSilentDeviceTimesOutAfterItsRetriesAndItsNeighbourStillReads() {
    ModbusRtuDriver driver = driver(line.a(), 8);
    pm.inject(FaultType.NO_RESPONSE, null, null, 0, Duration.ZERO);
    long before = slave.requests();
    List<PointResult> results = driver.read(pm.instance(), pm.profile().points());
    assertThat(results).extracting(r -> r.failure().kind()).containsOnly(Failure.Kind.TIMEOUT);
    assertThat(slave.requests() - before).isEqualTo(1 + SETTINGS.retries());
    Served.assertReadAsServed(gas, driver.read(gas.instance(), gas.profile().points()));
  }

  @Test
  void anExceptionResponseKeepsItsCode() {
    ModbusRtuDriver driver = driver(line.a(), 8);
    pm.inject(FaultType.EXCEPTION, null, null, 6, Duration.ZERO);
    long before = slave.requests();
    List<PointResult> results = driver.read(pm.instance(), pm.profile().points());
    assertThat(results)
        .extracting(PointResult::failure)
        .allMatch(f -> f.kind() == Failure.Kind.EXCEPTION && f.code() == 6, "exception 6");
    assertThat(slave.requests() - before).as("not repeated").isEqualTo(1);
    Served.assertReadAsServed(gas, driver.read(gas.instance(), gas.profile().points()));
  }

  @Test
  void aCorruptedCrcIsAChecksumFailureAndTheNeighbourStillReads() {
    ModbusRtuDriver driver = driver(line.a(), 8);
    pm.inject(FaultType.CORRUPT_CRC, null, null, 0, Duration.ZERO);
    long before = slave.requests();
    List<PointResult> results = driver.read(pm.instance(), pm.profile().points());
    assertThat(results).extracting(r -> r.failure().kind()).containsOnly(Failure.Kind.CHECKSUM);
    assertThat(slave.requests() - before).as("repeated once").isEqualTo(2);
    Served.assertReadAsServed(gas, driver.read(gas.instance(), gas.profile().points()));
  }

  @Test
  void theValveWriteReachesTheDevice() {
    ModbusRtuDriver driver = driver(line.a(), 8);
    WriteResult result =
        driver.write(gas.instance(), gas.profile().point("valve").orElseThrow(), Value.of(false));
    assertThat(result.ok()).as("%s", result.failure()).isTrue();
    assertThat(gas.writes()).containsExactly("valve=false");
    Served.assertReadAsServed(gas, driver.read(gas.instance(), gas.profile().points()));
  }

  @Test
  void aPortThatIsNotThereIsDisconnectedAndOpenedOnceItIs() throws Exception {
    Path folder = Files.createTempDirectory("citysense-late-pty");
    Path late = folder.resolve("line").resolve("a");
    ModbusRtuDriver driver = driver(late, 8);
    List<PointResult> results = driver.read(pm.instance(), pm.profile().points());
    assertThat(results)
        .extracting(PointResult::failure)
        .allMatch(
            f -> f.kind() == Failure.Kind.DISCONNECTED && f.message().contains(late.toString()));
    assertThat(driver.requests()).isZero();
    try (SocatPair lateLine = SocatPair.start(folder.resolve("line"));
        RtuSlave lateBus = new RtuSlave(lateLine.b().toString(), SERIAL, slave)) {
      lateBus.start();
      Served.assertReadAsServed(pm, driver.read(pm.instance(), pm.profile().points()));
    } finally {
      // SocatPair leaves a folder it was given; this test made it, so it removes it
      try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** One master at a time: the port is opened exclusively, as a real line's is. */
  private long requestsFor(int maxGap, SimDevice device) {
    try (ModbusRtuDriver driver = driver(line.a(), maxGap)) {
      long before = slave.requests();
      Served.assertReadAsServed(device, driver.read(device.instance(), device.profile().points()));
      assertThat(driver.requests()).isEqualTo(slave.requests() - before);
      return slave.requests() - before;
    }
  }

  private ModbusRtuDriver driver(Path port, int maxGap) {
    DriverSettings settings =
        new DriverSettings(SETTINGS.timeout(), SETTINGS.retries(), SETTINGS.retryBackoff(), maxGap);
    ModbusRtuDriver driver = new ModbusRtuDriver(port.toString(), SERIAL, settings);
    drivers.add(driver);
    return driver;
  }

  private SimDevice device(String profile) {
    return all.stream().filter(d -> d.profile().id().equals(profile)).findFirst().orElseThrow();
  }
}
