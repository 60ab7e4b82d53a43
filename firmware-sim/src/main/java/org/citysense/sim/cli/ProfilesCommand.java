package org.citysense.sim.cli;

import java.io.PrintWriter;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code firmware-sim profiles}: one line per device profile the simulator can play. */
@Command(
    name = "profiles",
    mixinStandardHelpOptions = true,
    description = "List the device profiles the simulator can play, one line each.",
    footer = {"", "Example:", "  firmware-sim profiles"})
final class ProfilesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    for (DeviceProfile p : ProfileCatalog.bundled().all()) {
      out.printf("%-20s %-12s %s%n", p.id(), p.family(), p.description());
    }
  }
}
