package org.citysense.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.ProfileLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code edge-agent profiles validate <file>...}: checks profile files before they are used. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check profile files. Prints every problem as file:line: field: message, and hints",
      "(such as how a datasheet address was read). Exit code 1 when any file is not valid."
    },
    footer = {
      "",
      "Examples:",
      "  edge-agent profiles validate my-sensor.yaml",
      "  edge-agent profiles validate profiles/*.yaml"
    })
final class ProfilesValidateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Profile files (*.yaml).")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ProfileLoader loader = new ProfileLoader();
    int invalid = 0;
    for (Path file : files) {
      try {
        ProfileLoader.Loaded loaded = loader.load(file);
        loaded.hints().forEach(h -> out.println("hint: " + h));
        out.printf("ok: %s (%d points)%n", file, loaded.profile().points().size());
      } catch (InvalidFileException e) {
        e.problems().forEach(err::println);
        invalid++;
      }
    }
    return invalid == 0 ? 0 : EdgeAgentCli.INVALID;
  }
}
