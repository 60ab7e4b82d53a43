package org.citysense.agent.cli;

import java.io.PrintWriter;
import org.citysense.profiles.model.DeviceProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code edge-agent profiles list}: one line per profile. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "One line per known profile: id, protocol, points, description.",
    footer = {
      "",
      "Examples:",
      "  edge-agent profiles list",
      "  edge-agent profiles list --profiles-dir /etc/citysense-agent/profiles"
    })
final class ProfilesListCommand implements Runnable {
  @ParentCommand ProfilesCommand parent;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    for (DeviceProfile p : parent.catalog().all()) {
      out.printf(
          "%-20s %-12s %2d points  %s%n", p.id(), p.family(), p.points().size(), p.description());
    }
  }
}
