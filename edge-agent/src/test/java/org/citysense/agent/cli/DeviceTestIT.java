package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.citysense.agent.modbus.testing.PymodbusServer;
import org.citysense.agent.modbus.testing.SimDevices;
import org.citysense.agent.testing.Mosquitto;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.sim.rtu.RtuSlave;
import org.citysense.sim.scenario.FaultType;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.SocatPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge-agent device test} against the simulator (Modbus TCP in-process, RTU over a socat pty
 * pair) and pymodbus: every point listed raw and decoded, a silent device, a missing serial port,
 * an unknown id.
 */
class DeviceTestIT {
  private static final SerialSettings SERIAL = new SerialSettings(9600, 8, Parity.NONE, 1);
  private static final String SMOKE_TOPIC = "nbiot/smoke/smoke-1/up";

  private final SimDevices devices = new SimDevices();

  @TempDir Path dir;

  @Test
  void everyPointOfAGasDetectorIsListedRawAndDecoded() throws Exception {
    ModbusSlave slave = new ModbusSlave(true);
    SimDevice gas = devices.create("gas-1", "gas-lel-modbus", new Transport.ModbusTcp("x", 0, 2));
    gas.set("gas", Value.of(12.5));
    slave.add(2, gas);
    try (ModbusTcpServer server = new ModbusTcpServer("127.0.0.1", 0, slave)) {
      server.start();
      Path config =
          CliRun.config(
              dir,
              null,
              "{id: gas-1, profile: gas-lel-modbus, modbus-tcp: {host: 127.0.0.1, port: "
                  + server.boundPort()
                  + ", unitId: 2}}");
      CliRun run = CliRun.of("device", "test", "gas-1", "--config", config.toString());
      assertThat(run.exit).as("%s", run).isZero();
      assertThat(run.out)
          .contains("device gas-1 (gas-lel-modbus) on modbus-tcp 127.0.0.1:" + server.boundPort());
      assertThat(run.rowsAfter("POINT"))
          .hasSize(3)
          .anySatisfy(l -> assertThat(l).matches("gas\\s+0x007D\\s+12.5\\s+%LEL\\s+good"))
          .anySatisfy(l -> assertThat(l).matches("gas_alarm\\s+[01]\\s+(true|false)\\s+good"))
          .anySatisfy(l -> assertThat(l).matches("valve\\s+[01]\\s+(true|false)\\s+good"));
    }
  }

  @Test
  void aDeviceThatDoesNotAnswerIsADeviceFault() throws Exception {
    ModbusSlave slave = new ModbusSlave(true);
    SimDevice gas = devices.create("gas-2", "gas-lel-modbus", new Transport.ModbusTcp("x", 0, 4));
    gas.inject(FaultType.NO_RESPONSE, null, null, 0, Duration.ZERO);
    slave.add(4, gas);
    try (ModbusTcpServer server = new ModbusTcpServer("127.0.0.1", 0, slave)) {
      server.start();
      Path config =
          CliRun.config(
              dir,
              null,
              "{id: gas-2, profile: gas-lel-modbus, modbus-tcp: {host: 127.0.0.1, port: "
                  + server.boundPort()
                  + ", unitId: 4}}");
      CliRun run =
          CliRun.of("device", "test", "gas-2", "--config", config.toString(), "--timeout", "1s");
      assertThat(run.exit).as("%s", run).isEqualTo(ExitCodes.DEVICE_FAULT);
      assertThat(run.err)
          .contains(
              "device gas-2 on modbus-tcp 127.0.0.1:"
                  + server.boundPort()
                  + " unit 4: no answer (timeout 1s)");
    }
  }

  @Test
  void aDeviceOnAnRtuLineIsReadThroughTheRtuDriver() throws Exception {
    try (SocatPair line = SocatPair.start()) {
      ModbusSlave slave = new ModbusSlave(false);
      SimDevice meter =
          devices.create(
              "meter-1",
              "water-meter-modbus",
              new Transport.ModbusRtu(line.b().toString(), 3, SERIAL));
      meter.set("battery", Value.of(87));
      slave.add(3, meter);
      RtuSlave bus = new RtuSlave(line.b().toString(), SERIAL, slave);
      bus.start();
      try {
        Path config =
            CliRun.config(
                dir,
                null,
                "{id: meter-1, profile: water-meter-modbus, modbus-rtu: {port: "
                    + line.a()
                    + ", unitId: 3, parity: N}}");
        // without parity a pty opens as often as asked (the simulator.md recipe)
        for (int open = 1; open <= 3; open++) {
          CliRun run = CliRun.of("device", "test", "meter-1", "--config", config.toString());
          assertThat(run.exit).as("open %d: %s", open, run).isZero();
          assertThat(run.rowsAfter("POINT"))
              .hasSize(3)
              .anySatisfy(l -> assertThat(l).matches("battery\\s+0x0057\\s+87\\s+%\\s+good"))
              .anySatisfy(
                  l -> assertThat(l).matches("volume\\s+0x\\w{4} 0x\\w{4}\\s+\\S+\\s+m³.*"));
        }
      } finally {
        bus.close();
      }
    }
  }

  @Test
  void aPtyAskedForEvenParityAgainSaysWhyItWillNotOpen() throws Exception {
    try (SocatPair line = SocatPair.start()) {
      Path config =
          CliRun.config(
              dir,
              null,
              "{id: meter-1, profile: water-meter-modbus, modbus-rtu: {port: "
                  + line.a()
                  + ", unitId: 3}}");
      List<CliRun> runs = new ArrayList<>();
      for (int open = 1; open <= 2; open++) {
        runs.add(CliRun.of("device", "test", "meter-1", "--config", config.toString()));
      }
      // the first open may pass (nobody answers: a device fault); a later one is refused by the pty
      assertThat(runs)
          .anySatisfy(
              run ->
                  assertThat(run.err())
                      .contains("cannot open serial port " + line.a())
                      .contains("cannot keep even parity")
                      .contains("use parity N at both ends"));
    }
  }

  @Test
  void aMissingSerialPortIsADeviceFaultNamingThePort() throws Exception {
    Path config =
        CliRun.config(
            dir,
            null,
            "{id: gas-3, profile: gas-lel-modbus, modbus-rtu: {port: /dev/citysense-no-tty,"
                + " unitId: 7}}");
    CliRun run = CliRun.of("device", "test", "gas-3", "--config", config.toString());
    assertThat(run.exit).as("%s", run).isEqualTo(ExitCodes.DEVICE_FAULT);
    assertThat(run.err)
        .contains("device gas-3 on modbus-rtu /dev/citysense-no-tty unit 7")
        .contains("cannot open serial port /dev/citysense-no-tty");
  }

  @Test
  void theGasDetectorOfPymodbusReadsAsItServes() throws Exception {
    try (PymodbusServer pymodbus = PymodbusServer.tcp()) {
      Path config =
          CliRun.config(
              dir,
              null,
              "{id: gas-py, profile: gas-lel-modbus, modbus-tcp: {host: 127.0.0.1, port: "
                  + pymodbus.port()
                  + ", unitId: 2}}");
      CliRun run = CliRun.of("device", "test", "gas-py", "--config", config.toString());
      assertThat(run.exit).as("%s\n%s", run, pymodbus.transcript()).isZero();
      // input 0 = 125, discrete input 0 = 1, coil 0 = 1
      assertThat(run.rowsAfter("POINT"))
          .hasSize(3)
          .anySatisfy(l -> assertThat(l).matches("gas\\s+0x007D\\s+12.5\\s+%LEL\\s+good"))
          .anySatisfy(l -> assertThat(l).matches("gas_alarm\\s+1\\s+true\\s+good"))
          .anySatisfy(l -> assertThat(l).matches("valve\\s+1\\s+true\\s+good"));
    }
  }

  @Test
  void anMqttDeviceIsGivenTheTimeoutForItsNextMessage() throws Exception {
    try (Mosquitto broker = Mosquitto.start(dir)) {
      Path config =
          CliRun.config(
              dir,
              null,
              "{id: smoke-1, profile: smoke-nbiot-mqtt, mqtt: {broker: " + broker.uri() + "}}");
      CompletableFuture<CliRun> test =
          CompletableFuture.supplyAsync(
              () ->
                  CliRun.of(
                      "device",
                      "test",
                      "smoke-1",
                      "--config",
                      config.toString(),
                      "--timeout",
                      "60s"));
      // published until the command has one: it may subscribe after the first
      Poll.until(
          "device test to receive a message",
          Duration.ofSeconds(90),
          () -> {
            if (!test.isDone()) {
              try {
                broker.publish(
                    SMOKE_TOPIC, "{\"alarm\":true,\"density\":0.5,\"battery\":87,\"rssi\":-85}");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
            return test.isDone();
          });
      CliRun run = test.join();
      assertThat(run.exit).as("%s", run).isZero();
      assertThat(run.out)
          .contains(
              "device smoke-1 (smoke-nbiot-mqtt) on mqtt "
                  + broker.uri()
                  + ": a message on "
                  + SMOKE_TOPIC);
      assertThat(run.rowsAfter("POINT"))
          .hasSize(4)
          .anySatisfy(l -> assertThat(l).matches("smoke\\s+\\{\"alarm\":true.*\\s+true\\s+good"))
          .anySatisfy(l -> assertThat(l).matches("signal\\s+\\{.*\\}\\s+-85\\s+dBm\\s+good"));
    }
  }

  @Test
  void anMqttDeviceThatSendsNothingIsADeviceFaultSayingWhatWasAwaited() throws Exception {
    try (Mosquitto broker = Mosquitto.start(dir)) {
      Path config =
          CliRun.config(
              dir,
              null,
              "{id: smoke-1, profile: smoke-nbiot-mqtt, mqtt: {broker: " + broker.uri() + "}}");
      CliRun run =
          CliRun.of("device", "test", "smoke-1", "--config", config.toString(), "--timeout", "1s");
      assertThat(run.exit).as("%s", run).isEqualTo(ExitCodes.DEVICE_FAULT);
      assertThat(run.err)
          .contains(
              "device smoke-1 on mqtt "
                  + broker.uri()
                  + ": nothing received (waited 1s for a message on "
                  + SMOKE_TOPIC
                  + ")");
    }
  }

  @Test
  void anUnknownIdIsInvalidAndTheConfiguredIdsAreListed() throws Exception {
    Path config =
        CliRun.config(
            dir,
            null,
            "{id: gas-1, profile: gas-lel-modbus, modbus-tcp: {host: 127.0.0.1, unitId: 2}}",
            "{id: pm-1, profile: pm25-rs485, modbus-tcp: {host: 127.0.0.1, unitId: 1}}");
    CliRun run = CliRun.of("device", "test", "gas-9", "--config", config.toString());
    assertThat(run.exit).as("%s", run).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err).contains("no device gas-9 in " + config + "; configured: gas-1, pm-1");
  }
}
