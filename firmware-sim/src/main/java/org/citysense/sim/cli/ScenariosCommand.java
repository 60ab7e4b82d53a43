package org.citysense.sim.cli;

import java.io.PrintWriter;
import org.citysense.sim.scenario.Scenario;
import org.citysense.sim.scenario.ScenarioCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code firmware-sim scenarios}: one line per bundled scenario. */
@Command(
    name = "scenarios",
    mixinStandardHelpOptions = true,
    description = "List the bundled scenarios, one line each. Combine them with commas.",
    footer = {
      "",
      "Examples:",
      "  firmware-sim scenarios",
      "  ... --scenario baseline,fault-dropout"
    })
final class ScenariosCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    for (Scenario s : ScenarioCatalog.bundled().all()) {
      out.printf("%-20s %s%n", s.name(), s.description());
    }
  }
}
