package org.citysense.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.profiles.decode.Decoded;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Reading;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edge-agent device test <id>}: one read of every point of a configured device. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Read every point of a configured device once, through the agent's own driver, and print"
          + " for each point what came off the wire (registers in hex, a bit, frame bytes, JSON or"
          + " an OPC UA variable's value), the decoded value with its unit and the quality.",
      "A device that sends by itself (MQTT, CoAP observe, a serial sensor) is given --timeout"
          + " to send its next message; the command says what it waited for.",
      "Exit code 0 when every point was read; 5 when the device did not answer, its port or"
          + " broker is missing, or a point could not be read; 1 when the id is not in the"
          + " config."
    },
    footer = {
      "",
      "Examples:",
      "  edge-agent device test gas-101 --config /etc/citysense-agent/agent.yaml",
      "  edge-agent device test smoke-b1 --timeout 60s   # the next MQTT message"
    })
final class DeviceTestCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DEVICE", description = "The device id, as in the config's devices.")
  String id;

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
      description =
          "How long to wait for an answer, or for a pushing device's next message"
              + " (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<ConfiguredDevice> found = ConfiguredDevice.find(config, id, err);
    if (found.isEmpty()) {
      return ExitCodes.INVALID;
    }
    ConfiguredDevice d = found.get();
    OneRead.Outcome outcome;
    try (ProtocolDrivers drivers = new ProtocolDrivers()) {
      OneRead read = new OneRead(drivers);
      outcome =
          d.isPolled()
              ? read.poll(d, d.device().profile().points(), timeout)
              : read.next(d, timeout);
    }
    if (outcome.failure() != null) {
      err.println("edge-agent: device " + id + " on " + d.bus() + ": " + why(outcome));
      return ExitCodes.DEVICE_FAULT;
    }
    out.println(
        "device "
            + id
            + " ("
            + d.device().profile().id()
            + ") on "
            + d.bus()
            + (outcome.waitedFor() == null ? "" : ": " + outcome.waitedFor()));
    TextTable table = new TextTable("POINT", "RAW", "VALUE", "UNIT", "QUALITY", "NOTE");
    int unread = 0;
    Instant now = Instant.now();
    for (Point point : d.device().profile().points()) {
      PointResult r = outcome.results().get(point);
      if (r == null) {
        table.row(point.name(), "-", "-", "", "-", "not in this message");
      } else if (!r.isOk()) {
        unread++;
        table.row(
            point.name(),
            "-",
            "-",
            "",
            r.failure().deviceAnswered() ? "invalid" : "comm_error",
            r.failure().toString());
      } else {
        Decoded decoded = Decoder.decode(id, point, r.raw(), now);
        Reading reading = decoded.reading();
        table.row(
            point.name(),
            Shown.raw(r.raw()),
            reading.value() == null ? "-" : Shown.value(reading.value()),
            reading.value() == null || point.quantity().isBoolean() ? "" : reading.unit(),
            reading.quality().id(),
            decoded.problem() == null ? "" : decoded.problem());
      }
    }
    table.print(out);
    if (unread > 0) {
      err.println(
          "edge-agent: device "
              + id
              + ": "
              + unread
              + " of "
              + d.device().profile().points().size()
              + " points could not be read");
      return ExitCodes.DEVICE_FAULT;
    }
    return ExitCodes.OK;
  }

  /** Why nothing came; a polled device's silence is said the same way whatever the driver. */
  private String why(OneRead.Outcome outcome) {
    Failure failure = outcome.failure();
    boolean polled = outcome.waitedFor() == null;
    if (polled && failure.kind() == Failure.Kind.TIMEOUT) {
      return "no answer (timeout " + Durations.format(timeout) + ")";
    }
    return failure.message();
  }
}
