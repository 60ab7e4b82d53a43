package org.citysense.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge-agent device list}: the config's devices, one line each. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "One line per device: id, profile, transport, what it belongs to.",
    footer = {
      "",
      "Examples:",
      "  edge-agent device list",
      "  edge-agent device list --config /etc/citysense-agent/agent.yaml"
    })
final class DeviceListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      defaultValue = "agent.yaml",
      paramLabel = "FILE",
      description = "The agent's config file (default ${DEFAULT-VALUE}).")
  Path config;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ConfigFile.Current current = new ConfigFile(config).current(spec.commandLine().getErr());
    if (current == null) {
      return ExitCodes.INVALID;
    }
    var devices = current.loaded().config().devices();
    if (devices.isEmpty()) {
      out.println("no devices in " + config + "; add one with edge-agent device add");
      return ExitCodes.OK;
    }
    TextTable table = new TextTable("ID", "PROFILE", "TRANSPORT", "BELONGS TO");
    for (DeviceInstance d : devices) {
      table.row(d.id(), d.profile(), transport(d.transport()), attachment(d));
    }
    table.print(out);
    return ExitCodes.OK;
  }

  static String transport(Transport t) {
    if (t instanceof Transport.ModbusTcp m) {
      String inFlight = m.inFlight() == 1 ? "" : ", " + m.inFlight() + " in flight";
      return "modbus-tcp " + m.host() + ":" + m.port() + " unit " + m.unitId() + inFlight;
    }
    if (t instanceof Transport.ModbusRtu r) {
      return "modbus-rtu " + r.port() + " unit " + r.unitId() + " " + r.serial();
    }
    if (t instanceof Transport.SerialLine s) {
      return "serial " + s.port() + " " + s.serial();
    }
    if (t instanceof Transport.Mqtt q) {
      return "mqtt " + (q.broker() == null ? "(the gateway's broker)" : q.broker());
    }
    if (t instanceof Transport.OpcUa o) {
      return "opcua " + o.endpoint();
    }
    Transport.Coap c = (Transport.Coap) t;
    return "coap " + c.host() + ":" + c.port();
  }

  private static String attachment(DeviceInstance d) {
    if (d.station() != null) {
      return "station " + d.station();
    }
    if (d.household() != null) {
      return "household " + d.household();
    }
    if (d.unit() != null) {
      return "unit " + d.unit();
    }
    return "-";
  }
}
