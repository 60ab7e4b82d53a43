package org.citysense.agent.modbustcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.agent.modbus.testing.TestPoints.at;
import static org.citysense.agent.modbus.testing.TestPoints.point;
import static org.citysense.agent.modbus.testing.TestPoints.profile;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.WriteResult;
import org.citysense.agent.modbus.testing.PymodbusServer;
import org.citysense.agent.modbus.testing.Served;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.model.WordOrder;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Modbus TCP driver against a real third-party server, pymodbus 3.0.0, serving known registers
 * (see {@code pymodbus/modbus_server.py}): the decoded values are exactly the served ones, and the
 * server's own log shows the requests and function codes that reached it.
 */
class ModbusTcpDriverPymodbusIT {
  private static final Duration LOG_LIMIT = Duration.ofSeconds(5);
  private static PymodbusServer server;
  private static ModbusTcpDriver driver;
  private static TcpLoops loops;

  @BeforeAll
  static void start() throws Exception {
    server = PymodbusServer.tcp();
    loops = new TcpLoops();
    driver =
        new ModbusTcpDriver(
            loops,
            "127.0.0.1",
            server.port(),
            1,
            new DriverSettings(Duration.ofSeconds(1), 1, Duration.ofMillis(50), 8));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.close();
      loops.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aPm25TransmittersRegistersDecodeToTheServedValues() throws Exception {
    DeviceInstance pm = device("pm", "pm25-rs485", 1);
    List<PointResult> results = driver.read(pm, profile("pm25-rs485").points());
    // holding 0..9 = 523 65436 0 0 35 0 0 0 0 48
    assertThat(values(pm, results))
        .containsExactly(
            Map.entry("humidity", 52.3),
            Map.entry("temperature", -10.0),
            Map.entry("pm2_5", 35.0),
            Map.entry("pm10", 48.0));
    awaitLog("read 1 3 0 10");
    assertThat(server.requests("read 1 ")).containsExactly("read 1 3 0 10");
  }

  @Test
  void aWaterMetersWordOrderedValuesDecodeToTheServedValues() {
    DeviceInstance meter = device("wm", "water-meter-modbus", 3);
    List<PointResult> results = driver.read(meter, profile("water-meter-modbus").points());
    // uint32 CDAB 57920 1 = 123456 L; float32 CDAB 0 16712 = 12.5 L/h = 0.0125 m3/h; 87 %
    assertThat(values(meter, results))
        .containsExactly(
            Map.entry("volume", 123.456), Map.entry("flow", 0.0125), Map.entry("battery", 87.0));
  }

  @Test
  void aGasDetectorsRegisterAndBitsDecodeToTheServedValues() {
    DeviceInstance gas = device("gas", "gas-lel-modbus", 2);
    List<PointResult> results = driver.read(gas, profile("gas-lel-modbus").points());
    assertThat(Served.decode("gas", results.get(0)).value()).isEqualTo(Value.of(12.5));
    assertThat(Served.decode("gas", results.get(1)).value()).isEqualTo(Value.of(true));
    assertThat(results.get(2).isOk()).as("%s", results.get(2).failure()).isTrue();
  }

  @Test
  void scatteredCoilsAreOneRequestAndEachGetsItsOwnBit() throws Exception {
    // unit 2 coils 0..9 = 1 0 1 1 0 0 0 0 1 0; PLC4X alone would hand back only the first bit
    Point valve = point("gas-lel-modbus", "valve");
    List<Point> coils =
        List.of(coil(valve, 0), coil(valve, 1), coil(valve, 2), coil(valve, 3), coil(valve, 8));
    List<PointResult> results = driver.read(device("gas", "gas-lel-modbus", 2), coils);
    assertThat(results)
        .extracting(r -> Served.decode("gas", r).value().asBoolean())
        .containsExactly(true, false, true, true, true);
    awaitLog("read 2 1 0 9");
    assertThat(server.requests("read 2 1 ")).containsExactly("read 2 1 0 9");
  }

  @Test
  void anAddressTheDeviceDoesNotHaveIsException2() {
    Point beyond =
        at(
            point("pm25-rs485", "pm2_5"),
            "beyond",
            ModbusTable.HOLDING_REGISTER,
            20,
            DataType.UINT16,
            WordOrder.ABCD,
            false);
    PointResult result = driver.read(device("pm", "pm25-rs485", 1), List.of(beyond)).get(0);
    assertThat(result.failure().kind()).isEqualTo(Failure.Kind.EXCEPTION);
    assertThat(result.failure().code()).isEqualTo(2);
  }

  @Test
  void writesUseFunctions5_6And16AndReadBack() throws Exception {
    DeviceInstance gas = device("gas", "gas-lel-modbus", 2);
    Point valve = point("gas-lel-modbus", "valve");
    assertThat(driver.write(gas, valve, Value.of(false)).ok()).isTrue();
    awaitLog("write 2 5 0 0");
    assertThat(Served.decode("gas", driver.read(gas, List.of(valve)).get(0)).value())
        .isEqualTo(Value.of(false));
    assertThat(driver.write(gas, valve, Value.of(true)).ok()).isTrue();

    // unit 2's holding registers 0..9 take anything
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
    awaitLog("write 2 6 0 321");
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
    awaitLog("write 2 16 2 7675 1068");
    List<PointResult> back = driver.read(gas, List.of(setpoint, total));
    assertThat(Served.decode("gas", back.get(0)).value()).isEqualTo(Value.of(321.0));
    assertThat(Served.decode("gas", back.get(1)).value()).isEqualTo(Value.of(70000.123));
  }

  private static Point coil(Point template, int address) {
    return at(
        template, "coil" + address, ModbusTable.COIL, address, DataType.BOOL, WordOrder.ABCD, true);
  }

  private static DeviceInstance device(String id, String profile, int unitId) {
    return new DeviceInstance(
        id,
        profile,
        new Transport.ModbusTcp("127.0.0.1", server.port(), unitId),
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

  private static void awaitLog(String line) throws InterruptedException {
    Poll.until(
        "pymodbus logs \"" + line + "\"",
        LOG_LIMIT,
        () -> server.requests().contains(line),
        server::transcript);
  }
}
