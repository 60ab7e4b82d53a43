package org.citysense.agent.modbusrtu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.agent.modbus.testing.TestPoints.at;
import static org.citysense.agent.modbus.testing.TestPoints.point;
import static org.citysense.agent.modbus.testing.TestPoints.profile;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.WriteResult;
import org.citysense.agent.modbus.testing.PymodbusServer;
import org.citysense.agent.modbus.testing.Served;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.model.WordOrder;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.SocatPair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Modbus RTU driver against a real third-party slave, pymodbus 3.0.0 on the far end of a socat
 * pty pair, serving known registers (see {@code pymodbus/modbus_server.py}), for two line settings.
 */
class ModbusRtuDriverPymodbusIT {
  private static final Duration LOG_LIMIT = Duration.ofSeconds(5);
  private static final DriverSettings SETTINGS =
      new DriverSettings(Duration.ofSeconds(1), 1, Duration.ofMillis(50), 8);

  static Stream<SerialSettings> lines() {
    return Stream.of(
        new SerialSettings(9600, 8, Parity.NONE, 1), new SerialSettings(19200, 8, Parity.EVEN, 1));
  }

  @ParameterizedTest
  @MethodSource("lines")
  void registersAndBitsDecodeToTheServedValues(SerialSettings serial) throws Exception {
    try (SocatPair line = SocatPair.start();
        PymodbusServer server = PymodbusServer.rtu(line.b(), ptyEnd(serial));
        ModbusRtuDriver driver = new ModbusRtuDriver(line.a().toString(), serial, SETTINGS)) {
      DeviceInstance pm = device(line, "pm", "pm25-rs485", 1, serial);
      // holding 0..9 = 523 65436 0 0 35 0 0 0 0 48, in one request
      assertThat(values(pm, driver.read(pm, profile("pm25-rs485").points())))
          .containsExactly(
              Map.entry("humidity", 52.3),
              Map.entry("temperature", -10.0),
              Map.entry("pm2_5", 35.0),
              Map.entry("pm10", 48.0));
      awaitLog(server, "read 1 3 0 10");

      DeviceInstance meter = device(line, "wm", "water-meter-modbus", 3, serial);
      assertThat(values(meter, driver.read(meter, profile("water-meter-modbus").points())))
          .containsExactly(
              Map.entry("volume", 123.456), Map.entry("flow", 0.0125), Map.entry("battery", 87.0));

      DeviceInstance gas = device(line, "gas", "gas-lel-modbus", 2, serial);
      assertThat(values(gas, driver.read(gas, profile("gas-lel-modbus").points())))
          .containsExactly(
              Map.entry("gas", 12.5), Map.entry("gas_alarm", 1.0), Map.entry("valve", 1.0));

      // unit 2 coils 0..9 = 1 0 1 1 0 0 0 0 1 0, read as one block of nine
      Point valve = point("gas-lel-modbus", "valve");
      List<PointResult> coils = driver.read(gas, List.of(coil(valve, 3), coil(valve, 8)));
      assertThat(coils)
          .extracting(r -> Served.decode("gas", r).value().asBoolean())
          .containsExactly(true, true);
      awaitLog(server, "read 2 1 3 6");

      Point beyond =
          at(
              point("pm25-rs485", "pm2_5"),
              "beyond",
              ModbusTable.HOLDING_REGISTER,
              20,
              DataType.UINT16,
              WordOrder.ABCD,
              false);
      PointResult missing = driver.read(pm, List.of(beyond)).get(0);
      assertThat(missing.failure().kind()).isEqualTo(Failure.Kind.EXCEPTION);
      assertThat(missing.failure().code()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @MethodSource("lines")
  void writesUseFunctions5_6And16AndReadBack(SerialSettings serial) throws Exception {
    try (SocatPair line = SocatPair.start();
        PymodbusServer server = PymodbusServer.rtu(line.b(), ptyEnd(serial));
        ModbusRtuDriver driver = new ModbusRtuDriver(line.a().toString(), serial, SETTINGS)) {
      DeviceInstance gas = device(line, "gas", "gas-lel-modbus", 2, serial);
      Point valve = point("gas-lel-modbus", "valve");
      assertThat(driver.write(gas, valve, Value.of(false)).ok()).isTrue();
      awaitLog(server, "write 2 5 0 0");
      assertThat(Served.decode("gas", driver.read(gas, List.of(valve)).get(0)).value())
          .isEqualTo(Value.of(false));

      Point setpoint =
          at(
              point("pm25-rs485", "pm2_5"),
              "setpoint",
              ModbusTable.HOLDING_REGISTER,
              0,
              DataType.UINT16,
              WordOrder.ABCD,
              true);
      WriteResult one = driver.write(gas, setpoint, Value.of(321.0));
      assertThat(one.ok()).as("%s", one.failure()).isTrue();
      awaitLog(server, "write 2 6 0 321");
      Point total =
          at(
              point("water-meter-modbus", "volume"),
              "total",
              ModbusTable.HOLDING_REGISTER,
              2,
              DataType.UINT32,
              WordOrder.CDAB,
              true);
      // 70000.123 m3 = 70000123 L = 0x042C1DFB, low word first
      WriteResult two = driver.write(gas, total, Value.of(70000.123));
      assertThat(two.ok()).as("%s", two.failure()).isTrue();
      awaitLog(server, "write 2 16 2 7675 1068");
      List<PointResult> back = driver.read(gas, List.of(setpoint, total));
      assertThat(Served.decode("gas", back.get(0)).value()).isEqualTo(Value.of(321.0));
      assertThat(Served.decode("gas", back.get(1)).value()).isEqualTo(Value.of(70000.123));
    }
  }

  /**
   * The slave end's settings: a pty carries bytes, no parity bits, and pyserial cannot set parity
   * on one (EINVAL), so pymodbus opens it without; what 8E1 changes for the driver, its port
   * configuration and 11-bit character timing, stays.
   */
  private static SerialSettings ptyEnd(SerialSettings serial) {
    return new SerialSettings(serial.baud(), serial.dataBits(), Parity.NONE, serial.stopBits());
  }

  private static Point coil(Point template, int address) {
    return at(
        template, "coil" + address, ModbusTable.COIL, address, DataType.BOOL, WordOrder.ABCD, true);
  }

  private static DeviceInstance device(
      SocatPair line, String id, String profile, int unitId, SerialSettings serial) {
    return new DeviceInstance(
        id,
        profile,
        new Transport.ModbusRtu(line.a().toString(), unitId, serial),
        null,
        null,
        null,
        null,
        Map.of(),
        Map.of());
  }

  private static List<Map.Entry<String, Double>> values(
      DeviceInstance device, List<PointResult> results) {
    return results.stream()
        .map(r -> Map.entry(r.point().name(), Served.decode(device.id(), r).value().asDouble()))
        .toList();
  }

  private static void awaitLog(PymodbusServer server, String line) throws InterruptedException {
    Poll.until(
        "pymodbus logs \"" + line + "\"",
        LOG_LIMIT,
        () -> server.requests().contains(line),
        server::transcript);
  }
}
