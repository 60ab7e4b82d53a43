package org.citysense.agent.cli;

import java.io.PrintWriter;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.Problem;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Transform;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code edge-agent profiles show <id>}: a profile's points and how each is decoded. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show a profile: each point, where it is read and how it is decoded.",
    footer = {
      "",
      "Examples:",
      "  edge-agent profiles show gas-lel-modbus",
      "  edge-agent profiles show my-gauge --profiles-dir /etc/citysense-agent/profiles"
    })
final class ProfilesShowCommand implements Runnable {
  @ParentCommand ProfilesCommand parent;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PROFILE", description = "The profile id, e.g. pm25-rs485.")
  String id;

  @Override
  public void run() {
    var catalog = parent.catalog();
    DeviceProfile p =
        catalog
            .find(id)
            .orElseThrow(
                () ->
                    new InvalidFileException(
                        java.util.List.of(
                            new Problem(
                                id,
                                1,
                                "",
                                "no such profile; known: " + String.join(", ", catalog.ids())))));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%s: %s %s (%s)%n", p.id(), p.manufacturer(), p.model(), p.family());
    if (!p.description().isEmpty()) {
      out.println(p.description());
    }
    if (p.frame() != null) {
      out.println("frame: " + p.frame());
    }
    if (p.family() == org.citysense.profiles.model.ProtocolFamily.MODBUS
        || p.family() == org.citysense.profiles.model.ProtocolFamily.SERIAL_FRAME) {
      out.println("serial: " + p.serial());
    }
    out.printf(
        "%-14s %-14s %-7s %-42s %-14s %-10s %s%n",
        "POINT", "QUANTITY", "UNIT", "SOURCE", "TRANSFORM", "INTERVAL", "ALARM");
    for (Point pt : p.points()) {
      out.printf(
          "%-14s %-14s %-7s %-42s %-14s %-10s %s%n",
          pt.name(),
          pt.quantity(),
          pt.unit(),
          source(pt.source()) + (pt.writable() ? " (writable)" : ""),
          transform(pt.transform()),
          pt.interval().toString().substring(2).toLowerCase(),
          pt.alarm() == null ? "-" : pt.alarm());
    }
  }

  private static String source(Source s) {
    if (s instanceof Source.Modbus m) {
      return m.table().isBitTable()
          ? m.table() + " " + m.address()
          : m.table() + " " + m.address() + " " + m.type() + " " + m.wordOrder();
    }
    if (s instanceof Source.FrameField f) {
      return "byte " + f.offset() + " " + f.type() + " " + f.wordOrder();
    }
    if (s instanceof Source.Mqtt q) {
      return q.topic() + " " + q.pointer();
    }
    if (s instanceof Source.OpcUa o) {
      return o.node() + " " + o.type();
    }
    Source.Coap c = (Source.Coap) s;
    return c.resource() + (c.observe() ? " (observe) " : " ") + c.format() + " " + c.pointer();
  }

  private static String transform(Transform t) {
    if (t.isIdentity()) {
      return "-";
    }
    StringBuilder b = new StringBuilder();
    if (t.bit() != null) {
      b.append("bit ").append(t.bit()).append(' ');
    }
    if (t.mask() != null) {
      b.append("mask 0x").append(Long.toHexString(t.mask())).append(' ');
    }
    if (t.scale() != 1) {
      b.append("×").append(t.scale()).append(' ');
    }
    if (t.offset() != 0) {
      b.append(t.offset() > 0 ? "+" : "").append(t.offset());
    }
    return b.toString().strip();
  }
}
