package org.citysense.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.agent.config.ConfigEditor;
import org.citysense.agent.provision.CloudApi;
import org.citysense.agent.provision.CloudException;
import org.citysense.profiles.device.DeviceInstance;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge-agent device add}: checks a device exactly as the config loader will, registers it
 * with the cloud, and only then appends it to the config's {@code devices:} (one flow-style line).
 */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Add a device to the config. It is checked as `edge-agent run` checks the",
      "file (profile, transport, unique id, one setting per RS-485 line and per",
      "Modbus TCP endpoint, intervals), registered with the cloud with the",
      "gateway's token, and only then appended to the config's devices; a running",
      "agent starts reading it.",
      "With --offline the cloud is skipped: register the device later.",
      "Nothing is changed when the check or the cloud says no."
    },
    footer = {
      "",
      "Examples:",
      "  edge-agent device add pm-1 --profile pm25-rs485 \\",
      "      --modbus-tcp 10.0.0.5 --station st-1",
      "  edge-agent device add tank-3 --profile water-level-radar \\",
      "      --modbus-tcp 10.0.0.7 --unit-id 3 --in-flight 4 --station st-2",
      "  edge-agent device add gas-101 --profile gas-lel-modbus \\",
      "      --modbus-rtu /dev/ttyUSB0 --unit-id 7 --baud 9600 --parity E \\",
      "      --household hh-12 --interval gas=5s",
      "  edge-agent device add smoke-b1 --profile smoke-nbiot-mqtt --mqtt --unit c-001",
      "  edge-agent device add meter-3 --profile water-meter-coap --coap 10.0.0.9 \\",
      "      --offline",
      "  edge-agent device add ps-1 --profile pump-station-opcua \\",
      "      --opcua opc.tcp://10.0.0.7:4840/pumps --station st-4",
      "",
      "Cloud unreachable: exit 3, config unchanged. Cloud refuses: exit 4 with its",
      "message and what to do, config unchanged. The household, station or unit",
      "must exist in the cloud first (docs/install.md)."
    })
final class DeviceAddCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      defaultValue = "agent.yaml",
      paramLabel = "FILE",
      description = "The agent's config file (default ${DEFAULT-VALUE}).")
  Path config;

  @Parameters(paramLabel = "ID", description = "The device's id, unique in the deployment.")
  String id;

  @Option(
      names = "--profile",
      required = true,
      paramLabel = "PROFILE",
      description = "Its profile (edge-agent profiles list).")
  String profile;

  @ArgGroup(exclusive = true, multiplicity = "1", heading = "How it is reached (one of):%n")
  Reach reach;

  static final class Reach {
    @Option(names = "--modbus-tcp", paramLabel = "HOST[:PORT]", description = "Port 502 if none.")
    String modbusTcp;

    @Option(names = "--modbus-rtu", paramLabel = "SERIAL-PORT", description = "e.g. /dev/ttyUSB0")
    String modbusRtu;

    @Option(names = "--serial", paramLabel = "PORT", description = "A sensor sending frames.")
    String serial;

    @Option(names = "--mqtt", description = "Publishes to the gateway's MQTT broker.")
    boolean mqtt;

    @Option(names = "--coap", paramLabel = "HOST[:PORT]", description = "Port 5683 if none.")
    String coap;

    @Option(
        names = "--opcua",
        paramLabel = "ENDPOINT",
        description = "An OPC UA server's endpoint URL, e.g. opc.tcp://10.0.0.7:4840/pumps.")
    String opcua;
  }

  @Option(names = "--unit-id", paramLabel = "N", description = "Modbus unit id (default 1).")
  Integer unitId;

  @Option(
      names = "--in-flight",
      paramLabel = "N",
      description = {
        "Modbus TCP requests on the wire to the endpoint at once (1..16, default 1);",
        "every device on one host:port gives the same. More only for a native",
        "Modbus TCP device or PLC, never for a serial server."
      })
  Integer inFlight;

  @Option(
      names = "--baud",
      paramLabel = "B",
      description = "Serial speed (default: the profile's).")
  Integer baud;

  @Option(
      names = "--parity",
      paramLabel = "N|E|O",
      description = "Serial parity (default: the profile's).")
  String parity;

  @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "What it belongs to (one of):%n")
  Attachment attachment;

  static final class Attachment {
    @Option(names = "--station", paramLabel = "ID")
    String station;

    @Option(names = "--household", paramLabel = "ID")
    String household;

    @Option(names = "--unit", paramLabel = "ID", description = "An administrative unit.")
    String unit;
  }

  @Option(
      names = "--interval",
      paramLabel = "POINT=DURATION",
      description = "Poll a point at its own interval, e.g. gas=5s (repeatable).")
  Map<String, String> intervals = new LinkedHashMap<>();

  @Option(names = "--offline", description = "Do not register the device with the cloud now.")
  boolean offline;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String misuse = misuse();
    if (misuse != null) {
      err.println("edge-agent: " + misuse);
      return ExitCodes.INVALID;
    }
    ConfigFile file = new ConfigFile(config);
    ConfigFile.Current current = file.current(err);
    if (current == null) {
      return ExitCodes.INVALID;
    }
    String text = new ConfigEditor(current.text()).append("devices", item()).text();
    AgentConfigLoader.Loaded checked = file.check(text, err, "device " + id + " is not valid");
    if (checked == null) {
      var profiles = current.loaded().profiles();
      if (profiles.find(profile).isEmpty()) {
        err.println("  known profiles: " + String.join(", ", profiles.ids()));
      }
      return ExitCodes.INVALID;
    }
    if (!Files.isWritable(config)) {
      err.println("edge-agent: cannot write " + config + "; nothing was sent to the cloud");
      return ExitCodes.INVALID;
    }
    AgentConfig agent = checked.config();
    DeviceInstance device =
        agent.devices().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    String registered;
    if (offline) {
      registered =
          "not registered with the cloud (--offline): it must be registered before the cloud"
              + " accepts its readings";
    } else {
      AgentConfig.Cloud cloud = agent.cloud();
      if (cloud == null || cloud.url().isEmpty() || agent.gatewayId().isEmpty()) {
        err.println(
            "edge-agent: "
                + config
                + " has no cloud url or gateway id; provision the gateway first"
                + " (edge-agent provision), or add the device with --offline");
        return ExitCodes.INVALID;
      }
      String token;
      try {
        token = AgentRun.token(cloud.tokenFile());
      } catch (IllegalStateException e) {
        err.println("edge-agent: " + e.getMessage());
        return ExitCodes.INVALID;
      }
      try {
        new CloudApi(cloud.url(), cloud.caFile(), ProvisionCommand.TIMEOUT)
            .registerDevice(agent.gatewayId(), token, device);
      } catch (CloudException e) {
        err.println("edge-agent: " + e.getMessage());
        if (e.kind() == CloudException.Kind.UNREACHABLE) {
          err.println("edge-agent: " + config + " was not changed");
          return ExitCodes.CLOUD_UNREACHABLE;
        }
        if ("id".equals(e.field())) {
          err.println(
              "edge-agent: if the cloud has this device from an earlier attempt, add it with"
                  + " --offline");
        }
        String advice = advice(e, agent.gatewayId(), cloud.tokenFile());
        if (advice != null) {
          err.println("edge-agent: " + advice);
        }
        err.println("edge-agent: " + config + " was not changed");
        return ExitCodes.CLOUD_REFUSED;
      }
      registered = "registered with the cloud at " + cloud.url();
    }
    file.write(text);
    out.printf("device %s added to %s; %s%n", id, config, registered);
    return ExitCodes.OK;
  }

  /**
   * What to do about a refusal the cloud's own words do not say, or null: what the device belongs
   * to must exist in the cloud first (and lie in the gateway's unit), and a token the cloud does
   * not take needs the operator, not a new enrollment code.
   */
  static String advice(CloudException e, String gatewayId, Path tokenFile) {
    String field = e.field();
    String reason = e.reason() == null ? "" : e.reason();
    String kind =
        "householdId".equals(field)
            ? "household"
            : "stationId".equals(field) ? "station" : "unitId".equals(field) ? "unit" : null;
    if (kind != null && reason.startsWith("no ")) {
      return "the "
          + kind
          + " must exist in the cloud before its devices are added: have the operator create"
          + " it ("
          + CREATE.get(kind)
          + "; docs/install.md, \"What the cloud must have first\"), then run this command"
          + " again; or add the device with --offline now and have it registered before the"
          + " agent starts";
    }
    if (kind != null) {
      return "a gateway adds devices only of its own unit and the units below it: give a "
          + kind
          + " there (GET /api/v1/units lists them), or ask the operator";
    }
    if (e.status() == 401) {
      return "the cloud does not take the gateway's token in "
          + tokenFile
          + " (revoked, or the gateway was deleted): ask the operator; a new enrollment code"
          + " would give a new gateway id (docs/install.md, \"Token refused\")";
    }
    if (e.status() == 403) {
      return "the token in "
          + tokenFile
          + " is not gateway "
          + gatewayId
          + "'s: the config's gateway.id and the token come from different provisionings;"
          + " ask the operator";
    }
    return null;
  }

  /** The operator's call that creates each kind of thing a device belongs to (cloud-api.md). */
  private static final Map<String, String> CREATE =
      Map.of(
          "household", "POST /api/v1/households {id, unitId, name, address}",
          "station", "POST /api/v1/stations {id, unitId, name, lat, lon}",
          "unit", "POST /api/v1/units {id, parentId, level, name}");

  /** Options that do not go together, or null. */
  private String misuse() {
    boolean modbus = reach.modbusTcp != null || reach.modbusRtu != null;
    boolean serialLine = reach.modbusRtu != null || reach.serial != null;
    if (unitId != null && !modbus) {
      return "--unit-id is for --modbus-tcp and --modbus-rtu";
    }
    if (inFlight != null && reach.modbusTcp == null) {
      return "--in-flight is for --modbus-tcp";
    }
    if ((baud != null || parity != null) && !serialLine) {
      return "--baud and --parity are for --modbus-rtu and --serial";
    }
    return null;
  }

  /** The device as one line of flow-style YAML, for the config's devices list. */
  String item() {
    List<String> fields = new ArrayList<>();
    fields.add("id: " + ConfigEditor.scalar(id));
    fields.add("profile: " + ConfigEditor.scalar(profile));
    fields.add(transport());
    if (attachment != null) {
      if (attachment.station != null) {
        fields.add("station: " + ConfigEditor.scalar(attachment.station));
      } else if (attachment.household != null) {
        fields.add("household: " + ConfigEditor.scalar(attachment.household));
      } else {
        fields.add("unit: " + ConfigEditor.scalar(attachment.unit));
      }
    }
    if (!intervals.isEmpty()) {
      List<String> each = new ArrayList<>();
      intervals.forEach(
          (point, d) -> each.add(ConfigEditor.scalar(point) + ": " + ConfigEditor.scalar(d)));
      fields.add("intervals: {" + String.join(", ", each) + "}");
    }
    return "{" + String.join(", ", fields) + "}";
  }

  private String transport() {
    if (reach.mqtt) {
      return "mqtt: {}";
    }
    if (reach.opcua != null) {
      return "opcua: {endpoint: " + ConfigEditor.scalar(reach.opcua) + "}";
    }
    List<String> t = new ArrayList<>();
    String kind;
    if (reach.modbusTcp != null || reach.coap != null) {
      kind = reach.modbusTcp != null ? "modbus-tcp" : "coap";
      String hostPort = reach.modbusTcp != null ? reach.modbusTcp : reach.coap;
      int colon = hostPort.lastIndexOf(':');
      boolean hasPort = colon > 0 && hostPort.indexOf(':') == colon; // not a bare IPv6 address
      t.add("host: " + ConfigEditor.scalar(hasPort ? hostPort.substring(0, colon) : hostPort));
      if (hasPort) {
        t.add("port: " + ConfigEditor.scalar(hostPort.substring(colon + 1)));
      }
    } else {
      kind = reach.modbusRtu != null ? "modbus-rtu" : "serial";
      t.add(
          "port: " + ConfigEditor.scalar(reach.modbusRtu != null ? reach.modbusRtu : reach.serial));
    }
    if (reach.modbusTcp != null || reach.modbusRtu != null) {
      t.add("unitId: " + (unitId == null ? 1 : unitId));
    }
    if (inFlight != null) {
      t.add("inFlight: " + inFlight);
    }
    if (baud != null) {
      t.add("baud: " + baud);
    }
    if (parity != null) {
      t.add("parity: " + ConfigEditor.scalar(parity));
    }
    return kind + ": {" + String.join(", ", t) + "}";
  }
}
