package org.citysense.agent.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.NodeValue;
import org.citysense.agent.driver.OpcUaSupport;
import org.citysense.profiles.decode.Decoded;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Source;

/**
 * {@code edge-agent probe} for OPC UA: reads one node once and says what it holds and as which
 * type, so that an installer can write or check a profile's {@code node} and {@code type}.
 */
final class OpcUaProbe {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Duration timeout;

  OpcUaProbe(PrintWriter out, PrintWriter err, Duration timeout) {
    this.out = out;
    this.err = err;
    this.timeout = timeout;
  }

  /** A node of any server: what it holds; with {@code type}, whether that is the type served. */
  int node(String endpoint, String node, DataType type) {
    Transport.OpcUa transport;
    try {
      transport = new Transport.OpcUa(endpoint);
    } catch (IllegalArgumentException e) {
      err.println("edge-agent: " + e.getMessage());
      return ExitCodes.INVALID;
    }
    try (ProtocolDrivers drivers = new ProtocolDrivers()) {
      OpcUaSupport opcUa = drivers.opcUa();
      NodeValue v = opcUa.readNode(transport, node, once());
      if (!v.isOk()) {
        err.println("edge-agent: " + v.failure().message());
        return ExitCodes.DEVICE_FAULT;
      }
      out.println("node " + node + " on " + endpoint + ": " + v.type() + " " + Shown.raw(v.raw()));
      if (type != null) {
        out.println("hint: " + hint(opcUa, v.type(), type, "--type " + type));
      }
      return ExitCodes.OK;
    }
  }

  /** A point of a configured device: its node's value, served type and decoded reading. */
  int point(ConfiguredDevice d, Point point) {
    Source.OpcUa source = (Source.OpcUa) point.source();
    Transport.OpcUa transport = (Transport.OpcUa) d.device().instance().transport();
    String node = source.nodeFor(d.id());
    try (ProtocolDrivers drivers = new ProtocolDrivers()) {
      OpcUaSupport opcUa = drivers.opcUa();
      NodeValue v = opcUa.readNode(transport, node, once());
      if (!v.isOk()) {
        err.println("edge-agent: device " + d.id() + " on " + d.bus() + ": " + v.failure());
        return ExitCodes.DEVICE_FAULT;
      }
      out.printf(
          "%s %s: node %s on %s, configured %s%n",
          d.id(), point.name(), node, transport.endpoint(), source.type());
      Decoded decoded = Decoder.decode(d.id(), point, v.raw(), Instant.now());
      Reading r = decoded.reading();
      out.println(
          "served: "
              + v.type()
              + " "
              + Shown.raw(v.raw())
              + " → "
              + (r.value() == null ? "-" : Shown.value(r.value()))
              + (r.value() == null || point.quantity().isBoolean() ? "" : " " + r.unit())
              + ", "
              + r.quality().id()
              + (decoded.problem() == null ? "" : " (" + decoded.problem() + ")"));
      out.println("hint: " + hint(opcUa, v.type(), source.type(), "type: " + source.type()));
      return ExitCodes.OK;
    }
  }

  /** One try, no retry. */
  private DriverSettings once() {
    return new DriverSettings(timeout, 0, Duration.ofMillis(100), 0);
  }

  /** Whether PLC4X decoded the variable as the type given; a write needs the exact type. */
  private static String hint(OpcUaSupport opcUa, String served, DataType given, String what) {
    Optional<DataType> match =
        Arrays.stream(DataType.values()).filter(t -> opcUa.typeName(t).equals(served)).findFirst();
    if (match.isEmpty()) {
      return served + " is not a type a profile can read; the point needs another node";
    }
    if (match.get() == given) {
      return what + " is the type served";
    }
    return "the server serves "
        + served
        + ", that is type "
        + match.get()
        + ", not "
        + given
        + ": reading works, a write would be refused (Bad_TypeMismatch); set type: "
        + match.get();
  }
}
