package org.citysense.sim.rtu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.testing.TestDevices;
import org.citysense.testsupport.SocatPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The RTU slave on one end of a socat pty pair, five devices on its bus, and a real master on the
 * other end: pymodbus 3.0.0 from Debian.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RtuSlaveIT {
  private static final SerialSettings LINE = new SerialSettings(9600, 8, Parity.NONE, 1);
  private static final Duration FAULTS_IN_FORCE = Duration.ofMinutes(2);

  private SocatPair pty;
  private RtuSlave bus;
  private PymodbusMaster master;
  private SimDevice pm1;
  private SimDevice pm2;
  private SimDevice gas;

  @BeforeAll
  void startBus() throws Exception {
    pty = SocatPair.start();
    pm1 = TestDevices.device("pm-1", "pm25-rs485", rtu(1));
    pm2 = TestDevices.device("pm-2", "pm25-rs485", rtu(2));
    SimDevice busy =
        TestDevices.device(
            "pm-3", "pm25-rs485", rtu(3), "baseline,fault-exception", FAULTS_IN_FORCE);
    SimDevice garbled =
        TestDevices.device("pm-4", "pm25-rs485", rtu(4), "baseline,fault-crc", FAULTS_IN_FORCE);
    gas = TestDevices.device("gas-1", "gas-lel-modbus", rtu(5));
    List<RtuSlave> buses = RtuSlave.forDevices(List.of(pm1, pm2, busy, garbled, gas));
    assertThat(buses).hasSize(1);
    bus = buses.get(0);
    bus.start();
    master = new PymodbusMaster(pty.b(), LINE);
  }

  @AfterAll
  void stopBus() {
    if (bus != null) {
      bus.close();
    }
    if (pty != null) {
      pty.close();
    }
  }

  @Test
  void servesTheRegistersOfTwoUnitsOnOneBus() throws Exception {
    pm1.set("pm2_5", Value.of(35));
    pm1.set("pm10", Value.of(48));
    pm1.set("temperature", Value.of(-10.0));
    pm1.set("humidity", Value.of(55.5));
    pm2.set("pm2_5", Value.of(80));
    pm2.set("temperature", Value.of(21.3));

    Map<String, String> results = master.run("hr:1:0:10", "hr:2:0:10");

    int[] unit1 = registers(results.get("hr:1:0:10"));
    assertThat(unit1[4]).isEqualTo(35);
    assertThat(unit1[1]).isEqualTo(0xFF9C);
    assertThat(decode(pm1, "pm10", unit1)).isEqualTo(Value.of(48));
    assertThat(decode(pm1, "temperature", unit1)).isEqualTo(Value.of(-10.0));
    assertThat(decode(pm1, "humidity", unit1)).isEqualTo(Value.of(55.5));
    int[] unit2 = registers(results.get("hr:2:0:10"));
    assertThat(decode(pm2, "pm2_5", unit2)).isEqualTo(Value.of(80));
    assertThat(decode(pm2, "temperature", unit2)).isEqualTo(Value.of(21.3));
  }

  @Test
  void anInjectedExceptionReachesPymodbusWithItsCode() throws Exception {
    assertThat(master.run("hr:3:0:10")).containsEntry("hr:3:0:10", "exception 6");
  }

  @Test
  void aCorruptedCrcIsAnAnswerPymodbusCannotDecode() throws Exception {
    Map<String, String> results = master.run("hr:4:0:10", "hr:1:0:10");

    // pymodbus 3.0.0 drops the frame ("Frame check failed, ignoring") and returns this error
    // at once; a timeout would say "No response received, expected at least 4 bytes"
    assertThat(results.get("hr:4:0:10"))
        .isEqualTo(
            "error ModbusIOException Modbus Error: [Input/Output] No Response received from"
                + " the remote unit/Unable to decode response");
    // the bus still serves the next request
    assertThat(results.get("hr:1:0:10")).startsWith("registers ");
  }

  @Test
  void aWrittenCoilReachesTheDevice() throws Exception {
    assertThat(master.run("wc:5:0:1", "co:5:0:1"))
        .containsExactly(Map.entry("wc:5:0:1", "written"), Map.entry("co:5:0:1", "bits 1"));
    assertThat(gas.writes()).containsExactly("valve=true");
    assertThat(gas.snapshot().values()).containsEntry("valve", Value.of(true));

    assertThat(master.run("wc:5:0:0")).containsEntry("wc:5:0:0", "written");
    assertThat(gas.writes()).containsExactly("valve=true", "valve=false");
    assertThat(gas.snapshot().values()).containsEntry("valve", Value.of(false));
  }

  @Test
  void anUnknownUnitGetsNoAnswer() throws Exception {
    assertThat(master.run("hr:9:0:1").get("hr:9:0:1"))
        .contains("No response received, expected at least 4 bytes (0 received)");
  }

  @Test
  void startFailsNamingThePort() {
    RtuSlave missing = new RtuSlave("/nonexistent/ttyRTU", LINE, new ModbusSlave(false));

    assertThatThrownBy(missing::start).hasMessageContaining("/nonexistent/ttyRTU");
    missing.close();
  }

  @Test
  void closeStopsTheReaderThread() throws Exception {
    try (SocatPair other = SocatPair.start()) {
      ModbusSlave slave = new ModbusSlave(false);
      RtuSlave second = new RtuSlave(other.a().toString(), LINE, slave);
      second.start();
      String name = "modbus-rtu " + other.a();
      assertThat(threadsNamed(name)).isEqualTo(1);

      second.close();

      assertThat(threadsNamed(name)).isZero();
    }
  }

  private Transport rtu(int unit) {
    return new Transport.ModbusRtu(pty.a().toString(), unit, LINE);
  }

  private static long threadsNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name) && t.isAlive())
        .count();
  }

  private static int[] registers(String result) {
    assertThat(result).startsWith("registers ");
    return Arrays.stream(result.substring("registers ".length()).split(" "))
        .mapToInt(Integer::parseInt)
        .toArray();
  }

  /** The point's value from the registers read, through the one decoding pipeline. */
  private static Value decode(SimDevice device, String name, int[] registers) {
    Point point = device.profile().point(name).orElseThrow();
    Source.Modbus m = (Source.Modbus) point.source();
    int[] words = Arrays.copyOfRange(registers, m.address(), m.address() + m.count());
    return Decoder.decode(device.id(), point, new RawValue.Registers(words), Instant.EPOCH)
        .reading()
        .value();
  }
}
