package org.citysense.sim.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.citysense.profiles.model.Value;
import org.citysense.sim.Simulation;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.device.Snapshot;
import org.citysense.sim.scenario.Fault;

/**
 * What a technician sees. On a terminal: a compact table of every device, redrawn each second.
 * Otherwise (a log file, a pipe): one line per change of phase, fault or write, so the log stays
 * readable with a hundred devices.
 */
final class Console {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");
  private final Simulation simulation;
  private final PrintWriter out;
  private final ZoneId zone;
  private final boolean live;
  private final Map<String, String> lastState = new HashMap<>();

  Console(Simulation simulation, PrintWriter out, ZoneId zone, boolean live) {
    this.simulation = simulation;
    this.out = out;
    this.zone = zone;
    this.live = live;
  }

  void render() {
    if (live) {
      table();
    } else {
      changes();
    }
    out.flush();
  }

  private void table() {
    Clock clock = simulation.clock();
    StringBuilder b = new StringBuilder("\033[H\033[2J");
    b.append("firmware-sim  ")
        .append(TIME.format(clock.instant().atZone(zone)))
        .append(' ')
        .append(zone)
        .append("   devices ")
        .append(simulation.devices().size())
        .append('\n');
    simulation.transports().forEach(t -> b.append("  ").append(t.describe()).append('\n'));
    b.append(
        String.format(
            "%-16s %-20s %-10s %-16s %s%n", "DEVICE", "PROFILE", "PHASE", "FAULTS", "VALUES"));
    for (SimDevice d : simulation.devices()) {
      Snapshot s = d.snapshot();
      String line =
          String.format(
              "%-16s %-20s %-10s %-16s %s",
              d.id(), d.profile().id(), s.phase(), faults(s), values(s) + writes(d));
      b.append(line.length() > 160 ? line.substring(0, 159) + "…" : line).append('\n');
    }
    b.append("control: firmware-sim ctl --help");
    out.println(b);
  }

  private void changes() {
    for (SimDevice d : simulation.devices()) {
      Snapshot s = d.snapshot();
      String state = "phase " + s.phase() + ", faults " + faults(s) + writes(d);
      String before = lastState.put(d.id(), state);
      if (!state.equals(before)) {
        out.printf(
            "%s %-16s %s  [%s]%n", TIME.format(s.at().atZone(zone)), d.id(), state, values(s));
      }
    }
  }

  private static String faults(Snapshot s) {
    return s.faults().isEmpty()
        ? "-"
        : s.faults().stream()
            .map(Fault::type)
            .map(Object::toString)
            .distinct()
            .collect(Collectors.joining(","));
  }

  private static String writes(SimDevice d) {
    List<String> writes = d.writes();
    return writes.isEmpty() ? "" : "  written " + writes.get(writes.size() - 1);
  }

  private static String values(Snapshot s) {
    return s.values().entrySet().stream()
        .map(e -> e.getKey() + "=" + format(e.getValue()))
        .collect(Collectors.joining(" "));
  }

  private static String format(Value v) {
    if (v instanceof Value.Bool b) {
      return b.value() ? "TRUE" : "false";
    }
    double d = v.asDouble();
    return Math.abs(d) >= 1000 ? String.format("%.1f", d) : String.format("%.3g", d);
  }
}
