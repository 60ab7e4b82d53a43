package org.citysense.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Range;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Source;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge-agent probe <device> <point>}: which word order makes a Modbus point's value
 * plausible; for OPC UA, what a node holds and as which type.
 */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Read a point of a configured Modbus device once, in every byte/word order.",
      "Decodes the registers in every byte/word order the point's type allows (ABCD, CDAB, BADC, DCBA for 32- and 64-bit"
          + " types; ABCD and BADC, that is AB and BA, for 16-bit ones) through the agent's"
          + " decoder.",
      "The orders are ranked by plausibility against the point's range: in range first (a"
          + " float next to 0, such as 2e-41, after those), then by distance from the range,"
          + " NaN and Inf last; a tie keeps the configured order first. A hint says which"
          + " wordOrder to set when another order is the only plausible one.",
      "For a point of an OPC UA device, read its node once and show the value, the type the"
          + " server serves it as and the decoded reading, with a hint when the profile's type is"
          + " not the one served (a write needs the exact type). With --opcua and --node, read any"
          + " node of any server, no config needed.",
      "Coils, discrete inputs and points of other protocols have no order to probe: exit code"
          + " 1 with a message, as for an unknown device or point. Exit code 5 when the device"
          + " does not answer or its port is missing."
    },
    footer = {
      "",
      "Examples:",
      "  edge-agent probe meter-101 flow --config /etc/citysense-agent/agent.yaml",
      "  edge-agent probe radar-3 level --timeout 5s",
      "  edge-agent probe ps-1 level   # an OPC UA device's point",
      "  edge-agent probe --opcua opc.tcp://10.0.0.7:4840/pumps --node 'ns=2;s=ps-1/Level'",
      "  edge-agent probe --opcua opc.tcp://10.0.0.7:4840 --node 'ns=0;i=2259' --type int32"
    })
final class ProbeCommand implements Callable<Integer> {
  private static final String CONFIGURED = "← configured";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DEVICE",
      description = "The device id in the config.")
  String deviceId;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "POINT",
      description = "The point's name in its profile.")
  String pointName;

  @Option(
      names = "--opcua",
      paramLabel = "ENDPOINT",
      description = "Instead of a configured device: an OPC UA server's endpoint URL.")
  String opcua;

  @Option(
      names = "--node",
      paramLabel = "NODE",
      description = "With --opcua: the node id to read, e.g. ns=2;s=Pump/level or ns=0;i=2259.")
  String node;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description =
          "With --opcua: the type a profile would give the node (bool, int16, uint16, int32,"
              + " uint32, int64, uint64, float32, float64), to check it against the served one.")
  String type;

  @Option(
      names = {"-c", "--config"},
      defaultValue = "agent.yaml",
      paramLabel = "FILE",
      description = "The config file (default ${DEFAULT-VALUE}).")
  Path config;

  @Option(
      names = "--timeout",
      defaultValue = "2s",
      paramLabel = "TIME",
      converter = Durations.class,
      description = "How long to wait for the answer (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (opcua != null || node != null || type != null) {
      return probeNode(out, err);
    }
    if (deviceId == null || pointName == null) {
      err.println(
          "edge-agent: give a configured DEVICE and POINT, or --opcua ENDPOINT --node NODE");
      return ExitCodes.INVALID;
    }
    Optional<ConfiguredDevice> found = ConfiguredDevice.find(config, deviceId, err);
    if (found.isEmpty()) {
      return ExitCodes.INVALID;
    }
    ConfiguredDevice d = found.get();
    String profileId = d.device().profile().id();
    Optional<Point> point = d.device().profile().point(pointName);
    if (point.isEmpty()) {
      err.println(
          "edge-agent: profile "
              + profileId
              + " of device "
              + deviceId
              + " has no point "
              + pointName
              + "; its points: "
              + String.join(", ", d.device().profile().pointNames()));
      return ExitCodes.INVALID;
    }
    Point p = point.get();
    if (p.source() instanceof Source.OpcUa) {
      return new OpcUaProbe(out, err, timeout).point(d, p);
    }
    if (!WordOrderProbe.applies(p) || !d.isPolled()) {
      err.println(
          "edge-agent: probing word order does not apply to point "
              + pointName
              + " of "
              + deviceId
              + ": "
              + why(p)
              + "; it applies to register points of Modbus devices");
      return ExitCodes.INVALID;
    }
    OneRead.Outcome outcome;
    try (ProtocolDrivers drivers = new ProtocolDrivers()) {
      outcome = new OneRead(drivers).poll(d, List.of(p), timeout);
    }
    PointResult result = outcome.results().get(p);
    if (!result.isOk()) {
      String why =
          outcome.failure() != null && outcome.failure().kind() == Failure.Kind.TIMEOUT
              ? "no answer (timeout " + Durations.format(timeout) + ")"
              : result.failure().toString();
      err.println("edge-agent: device " + deviceId + " on " + d.bus() + ": " + why);
      return ExitCodes.DEVICE_FAULT;
    }
    RawValue.Registers raw = (RawValue.Registers) result.raw();
    Source.Modbus m = (Source.Modbus) p.source();
    out.printf(
        "%s %s: %s %d%s %s, configured %s, range %s%n",
        deviceId,
        pointName,
        m.table(),
        m.address(),
        m.count() > 1 ? "-" + (m.address() + m.count() - 1) : "",
        m.type(),
        m.wordOrder(),
        p.range() == null ? "none" : p.range());
    out.println("registers: " + Shown.raw(raw));
    List<WordOrderProbe.Candidate> ranked = WordOrderProbe.rank(deviceId, p, raw);
    TextTable table = new TextTable("ORDER", "VALUE", "UNIT", "IN RANGE", "");
    for (WordOrderProbe.Candidate c : ranked) {
      Reading r = c.decoded().reading();
      table.row(
          c.order().name(),
          r.value() == null ? "-" : Shown.value(r.value()),
          r.value() == null ? "" : r.unit(),
          inRange(c, p.range()),
          c.configured() ? CONFIGURED : "");
    }
    table.print(out);
    out.println("hint: " + WordOrderProbe.hint(p, profileId, ranked));
    return ExitCodes.OK;
  }

  private int probeNode(PrintWriter out, PrintWriter err) {
    if (opcua == null || node == null || deviceId != null) {
      err.println("edge-agent: --opcua ENDPOINT and --node NODE go together, without DEVICE");
      return ExitCodes.INVALID;
    }
    DataType given = null;
    if (type != null) {
      Optional<DataType> t = DataType.byId(type);
      if (t.isEmpty()) {
        err.println(
            "edge-agent: --type "
                + type
                + " is not a type; one of: "
                + String.join(", ", Arrays.stream(DataType.values()).map(DataType::id).toList()));
        return ExitCodes.INVALID;
      }
      given = t.get();
    }
    return new OpcUaProbe(out, err, timeout).node(opcua, node, given);
  }

  private static String inRange(WordOrderProbe.Candidate c, Range range) {
    return switch (c.verdict()) {
      case IN_RANGE -> "yes";
      case TINY -> "yes, but next to 0: not a sensor's value";
      case OUT_OF_RANGE ->
          "no, "
              + Shown.number(c.distance())
              + (c.decoded().reading().value().asDouble() < range.min() ? " below" : " above");
      case INVALID -> "invalid: " + c.problem();
    };
  }

  private static String why(Point p) {
    if (p.source() instanceof Source.Modbus m) {
      return "it is a single bit (" + m.table() + " " + m.address() + ")";
    }
    if (p.source() instanceof Source.FrameField) {
      return "it is a field of a serial frame";
    }
    return p.source() instanceof Source.Mqtt ? "it comes in MQTT JSON" : "it comes over CoAP";
  }
}
