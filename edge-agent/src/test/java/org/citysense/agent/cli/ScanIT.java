package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.citysense.agent.modbus.testing.PymodbusServer;
import org.citysense.agent.modbus.testing.SimDevices;
import org.citysense.agent.testing.Ports;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Value;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.sim.rtu.RtuSlave;
import org.citysense.testsupport.SocatPair;
import org.junit.jupiter.api.Test;

/**
 * {@code edge-agent scan modbus} against the simulator (Modbus TCP in-process, RTU over a socat pty
 * pair) and pymodbus, and against a closed port and a missing serial port.
 */
class ScanIT {
  /** A pty cannot keep parity bits (see ModbusRtuDriverSimIT). */
  private static final SerialSettings SERIAL = new SerialSettings(9600, 8, Parity.NONE, 1);

  private final SimDevices devices = new SimDevices();

  /** Gas detectors on units {@code ids} behind a TCP gateway that answers 0B for the others. */
  private ModbusTcpServer gateway(int... ids) throws Exception {
    ModbusSlave slave = new ModbusSlave(true);
    for (int id : ids) {
      var gas = devices.create("gas-" + id, "gas-lel-modbus", new Transport.ModbusTcp("x", 0, id));
      gas.set("gas", Value.of(id)); // %LEL in tenths on the wire: unit 7 serves 70 = 0x0046
      slave.add(id, gas);
    }
    ModbusTcpServer server = new ModbusTcpServer("127.0.0.1", 0, slave);
    server.start();
    return server;
  }

  @Test
  void theSimulatorsUnitsBehindOneTcpPortAreFoundAndNoOthers() throws Exception {
    try (ModbusTcpServer server = gateway(1, 3, 7)) {
      CliRun run =
          CliRun.of(
              "scan",
              "modbus",
              "--host",
              "127.0.0.1",
              "--port",
              "" + server.boundPort(),
              "--units",
              "1-10,20",
              "--function",
              "4",
              "--progress");
      assertThat(run.exit).as("%s", run).isZero();
      assertThat(run.units()).containsExactly(1, 3, 7);
      assertThat(run.out)
          .contains("unit 7: 0x0046")
          .contains("3 unit(s) answered on 127.0.0.1:" + server.boundPort())
          .contains("units 1-10,20, input register 0, function 4");
      assertThat(run.err).contains("\rscanning 127.0.0.1:").contains("] 11/11");
    }
  }

  @Test
  void aUnitThatAnswersWithAnExceptionIsThereAndTheExceptionIsShown() throws Exception {
    try (ModbusTcpServer server = gateway(2, 5)) {
      CliRun run =
          CliRun.of(
              "scan",
              "modbus",
              "--host",
              "127.0.0.1",
              "--port",
              "" + server.boundPort(),
              "--units",
              "1-6",
              "--register",
              "100",
              "--no-progress");
      assertThat(run.exit).as("%s", run).isZero();
      assertThat(run.out)
          .contains("unit 2: exception 02 illegal data address")
          .contains("unit 5: exception 02 illegal data address");
      assertThat(run.units()).containsExactly(2, 5);
      assertThat(run.err).doesNotContain("scanning");
    }
  }

  @Test
  void thePymodbusServersUnitsAreFound() throws Exception {
    try (PymodbusServer pymodbus = PymodbusServer.tcp()) {
      CliRun run =
          CliRun.of(
              "scan",
              "modbus",
              "--host",
              "127.0.0.1",
              "--port",
              "" + pymodbus.port(),
              "--units",
              "1-5",
              "--timeout",
              "1s");
      assertThat(run.exit).as("%s\n%s", run, pymodbus.transcript()).isZero();
      // pymodbus answers 0B (gateway target failed) for units it does not have
      assertThat(run.units()).containsExactly(1, 2, 3);
      assertThat(run.out).contains("unit 1: 0x020B", "unit 3: 0xE240");
    }
  }

  @Test
  void unitsOnAnRtuLineAreFound() throws Exception {
    try (SocatPair line = SocatPair.start()) {
      ModbusSlave slave = new ModbusSlave(false);
      for (int id : new int[] {2, 5}) {
        slave.add(
            id,
            devices.create(
                "gas-" + id,
                "gas-lel-modbus",
                new Transport.ModbusRtu(line.b().toString(), id, SERIAL)));
      }
      RtuSlave bus = new RtuSlave(line.b().toString(), SERIAL, slave);
      bus.start();
      try {
        CliRun run =
            CliRun.of(
                "scan",
                "modbus",
                "--serial",
                line.a().toString(),
                "--parity",
                "N",
                "--units",
                "1-6",
                "--function",
                "4");
        assertThat(run.exit).as("%s", run).isZero();
        assertThat(run.units()).containsExactly(2, 5);
      } finally {
        bus.close();
      }
    }
  }

  @Test
  void thePymodbusRtuServersUnitsAreFound() throws Exception {
    try (SocatPair line = SocatPair.start();
        PymodbusServer pymodbus = PymodbusServer.rtu(line.b(), SERIAL)) {
      CliRun run =
          CliRun.of(
              "scan",
              "modbus",
              "--serial",
              line.a().toString(),
              "--parity",
              "N",
              "--units",
              "1-4",
              "--timeout",
              "500ms");
      assertThat(run.exit).as("%s\n%s", run, pymodbus.transcript()).isZero();
      assertThat(run.units()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void aClosedPortIsADeviceFaultNamingIt() {
    int port = Ports.freeTcpPort();
    CliRun run = CliRun.of("scan", "modbus", "--host", "127.0.0.1", "--port", "" + port);
    assertThat(run.exit).as("%s", run).isEqualTo(ExitCodes.DEVICE_FAULT);
    assertThat(run.err).contains("cannot connect to 127.0.0.1:" + port);
  }

  @Test
  void aMissingSerialPortIsADeviceFaultNamingIt() {
    CliRun run =
        CliRun.of("scan", "modbus", "--serial", "/dev/citysense-no-such-tty", "--units", "1-3");
    assertThat(run.exit).as("%s", run).isEqualTo(ExitCodes.DEVICE_FAULT);
    assertThat(run.err).contains("/dev/citysense-no-such-tty");
  }

  @Test
  void nobodyAnsweringIsADeviceFault() throws Exception {
    try (ModbusTcpServer server = gateway(9)) {
      CliRun run =
          CliRun.of(
              "scan",
              "modbus",
              "--host",
              "127.0.0.1",
              "--port",
              "" + server.boundPort(),
              "--units",
              "1-3");
      assertThat(run.exit).as("%s", run).isEqualTo(ExitCodes.DEVICE_FAULT);
      assertThat(run.err).contains("no unit answered on 127.0.0.1:" + server.boundPort());
      assertThat(run.out).isEmpty();
    }
  }
}
