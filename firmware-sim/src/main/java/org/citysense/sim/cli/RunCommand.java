package org.citysense.sim.cli;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.Problem;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.ScenarioCatalog;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code firmware-sim run}: one device on one transport. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Simulate one device on one transport until stopped (Ctrl-C).",
    footer = {
      "",
      "Examples:",
      "  firmware-sim run --profile pm25-rs485 --device-id pm-st01 --scenario baseline \\",
      "      --modbus-tcp 5020 --unit 1",
      "  firmware-sim run --profile gas-lel-modbus --device-id gas-101 \\",
      "      --scenario gas-leak \\",
      "      --modbus-rtu /dev/ttyUSB0 --baud 9600 --parity E --unit 7",
      "  firmware-sim run --profile pm25-sds011 --device-id pm-uart --serial /dev/ttyUSB1",
      "  firmware-sim run --profile smoke-nbiot-mqtt --device-id smoke-b1 --scenario smoke-alarm \\",
      "      --mqtt tcp://127.0.0.1:1883",
      "  firmware-sim run --profile water-meter-coap --device-id wm-101 --coap 5683 --speed 60",
      "  firmware-sim run --profile pump-station-opcua --device-id pump-1 --scenario river-rising \\",
      "      --opcua 4840 --opcua-path /pumps"
    })
final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--profile",
      required = true,
      paramLabel = "ID",
      description = "Device profile, see: firmware-sim profiles.")
  String profile;

  @Option(
      names = "--device-id",
      required = true,
      paramLabel = "ID",
      description = "The device's id.")
  String deviceId;

  @Option(
      names = "--scenario",
      defaultValue = "baseline",
      paramLabel = "NAMES",
      description =
          "Scenario(s), comma-separated (default ${DEFAULT-VALUE}); see: firmware-sim scenarios.")
  String scenario;

  @ArgGroup(exclusive = true, multiplicity = "1", heading = "Transport (exactly one):%n")
  TransportOption transport;

  @Option(
      names = "--unit",
      defaultValue = "1",
      paramLabel = "ID",
      description = "Modbus unit id (default ${DEFAULT-VALUE}).")
  int unit;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "HOST",
      description = "Address to listen on for TCP, CoAP and OPC UA (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--opcua-path",
      defaultValue = "/citysense",
      paramLabel = "PATH",
      description = "Path of the OPC UA endpoint (default ${DEFAULT-VALUE}).")
  String opcuaPath;

  @Option(
      names = "--baud",
      paramLabel = "N",
      description = "Serial baud rate (default: the profile's).")
  Integer baud;

  @Option(
      names = "--parity",
      paramLabel = "N|E|O",
      description = "Serial parity (default: the profile's; Modbus standard E).")
  String parity;

  @Option(
      names = "--stop-bits",
      paramLabel = "1|2",
      description = "Serial stop bits (default: the profile's).")
  Integer stopBits;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed for noise; the same seed plays the same run (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--time-zone",
      defaultValue = "Asia/Shanghai",
      paramLabel = "ZONE",
      description = "Zone for day and night (default ${DEFAULT-VALUE}).")
  ZoneId zone;

  @Mixin ClockOptions clock;
  @Mixin SimRunner runner;

  static final class TransportOption {
    @Option(
        names = "--modbus-tcp",
        paramLabel = "PORT",
        description = "Serve Modbus TCP on this port.")
    Integer modbusTcp;

    @Option(
        names = "--modbus-rtu",
        paramLabel = "SERIAL-PORT",
        description = "Be a Modbus RTU slave on this serial port.")
    String modbusRtu;

    @Option(
        names = "--serial",
        paramLabel = "SERIAL-PORT",
        description = "Send the profile's frames on this serial port.")
    String serial;

    @Option(
        names = "--mqtt",
        paramLabel = "BROKER",
        description = "Publish to this MQTT broker, e.g. tcp://127.0.0.1:1883.")
    String mqtt;

    @Option(names = "--coap", paramLabel = "PORT", description = "Serve CoAP on this UDP port.")
    Integer coap;

    @Option(
        names = "--opcua",
        paramLabel = "PORT",
        description =
            "Serve OPC UA on this TCP port: opc.tcp://BIND:PORT/PATH, security None, anonymous.")
    Integer opcua;
  }

  @Override
  public Integer call() throws Exception {
    ProfileCatalog profiles = ProfileCatalog.bundled();
    DeviceProfile p =
        profiles
            .find(profile)
            .orElseThrow(
                () ->
                    new InvalidFileException(
                        List.of(
                            new Problem(
                                "--profile",
                                1,
                                "",
                                "no profile "
                                    + profile
                                    + "; known: "
                                    + String.join(", ", profiles.ids())))));
    Transport t = transport(p);
    if (t.family() != p.family()) {
      throw new IllegalArgumentException(
          "profile " + p.id() + " is a " + p.family() + " device; choose a transport for it");
    }
    DeviceInstance instance =
        new DeviceInstance(deviceId, p.id(), t, null, null, null, null, Map.of(), Map.of());
    var c = clock.clock();
    SimDevice device =
        new DeviceFactory(profiles, c, seed, zone, c.instant())
            .create(instance, ScenarioCatalog.bundled().compose(scenario, "--scenario"));
    return runner.run(List.of(device), c, zone, transport.mqtt, spec.commandLine().getOut());
  }

  private Transport transport(DeviceProfile p) {
    SerialSettings base = p.serial();
    SerialSettings serialSettings =
        new SerialSettings(
            baud != null ? baud : base.baud(),
            base.dataBits(),
            parity != null
                ? Parity.byCode(parity)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "--parity: \"" + parity + "\" is not one of N, E, O"))
                : base.parity(),
            stopBits != null ? stopBits : base.stopBits());
    if (transport.modbusTcp != null) {
      return new Transport.ModbusTcp(bind, transport.modbusTcp, unit);
    }
    if (transport.modbusRtu != null) {
      return new Transport.ModbusRtu(transport.modbusRtu, unit, serialSettings);
    }
    if (transport.serial != null) {
      return new Transport.SerialLine(transport.serial, serialSettings);
    }
    if (transport.mqtt != null) {
      return new Transport.Mqtt(transport.mqtt);
    }
    if (transport.opcua != null) {
      String path = opcuaPath.isEmpty() || opcuaPath.startsWith("/") ? opcuaPath : "/" + opcuaPath;
      return new Transport.OpcUa("opc.tcp://" + bind + ":" + transport.opcua + path);
    }
    return new Transport.Coap(bind, transport.coap);
  }
}
