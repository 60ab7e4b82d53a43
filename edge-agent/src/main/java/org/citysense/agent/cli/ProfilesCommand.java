package org.citysense.agent.cli;

import java.nio.file.Path;
import org.citysense.profiles.load.ProfileCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge-agent profiles}: the device profiles this agent knows. */
@Command(
    name = "profiles",
    mixinStandardHelpOptions = true,
    description = "List, show and validate device profiles.",
    subcommands = {
      ProfilesListCommand.class,
      ProfilesShowCommand.class,
      ProfilesValidateCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  edge-agent profiles list",
      "  edge-agent profiles list --profiles-dir /etc/citysense/profiles",
      "  edge-agent profiles show water-meter-modbus",
      "  edge-agent profiles validate my-sensor.yaml"
    })
final class ProfilesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--profiles-dir",
      description = "A folder of your own profiles (*.yaml), added to the bundled ones.",
      scope = CommandLine.ScopeType.INHERIT)
  Path profilesDir;

  /** The bundled profiles, plus the user's folder when given. */
  ProfileCatalog catalog() {
    return profilesDir == null ? ProfileCatalog.bundled() : ProfileCatalog.withFolder(profilesDir);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
