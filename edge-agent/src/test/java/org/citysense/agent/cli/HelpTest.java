package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every command, now and later, has a {@code --help} that ends with examples and the exit codes:
 * the installer in a basement has nothing else to read.
 */
class HelpTest {
  private static final String EXIT_CODES = String.join("\n", ExitCodes.HELP);

  @TestFactory
  Stream<DynamicTest> everyCommandHasExamplesAndTheExitCodes() {
    return commands(EdgeAgentCli.commandLine())
        .map(
            path ->
                DynamicTest.dynamicTest(
                    String.join(" ", path), () -> assertHelpOf(path.subList(1, path.size()))));
  }

  @Test
  void theWalkFindsTheSubcommandsOfSubcommands() {
    assertThat(commands(EdgeAgentCli.commandLine()).map(p -> String.join(" ", p)))
        .contains("edge-agent", "edge-agent run", "edge-agent help", "edge-agent profiles show");
  }

  @Test
  void versionIsTheProjectVersionTheBuildWasMadeFrom() {
    // the exact version, against the tarball's name: InstallLayoutIT
    CliRun run = CliRun.of("--version");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out().strip()).matches("edge-agent \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  /** {@code edge-agent <path> --help} exits 0 and prints examples, then the exit codes once. */
  private static void assertHelpOf(List<String> path) {
    StringWriter out = new StringWriter();
    CommandLine cmd = EdgeAgentCli.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(new StringWriter(), true));
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    assertThat(cmd.execute(args.toArray(String[]::new))).isZero();
    String help = out.toString().replace("\r\n", "\n");
    assertThat(help).containsPattern("Examples?:\n  edge-agent ").contains("Examples:");
    assertThat(help).contains(EXIT_CODES);
    assertThat(help.split("Exit codes:", -1)).as("the exit codes once").hasSize(2);
    assertThat(help.indexOf("Examples:")).isLessThan(help.indexOf("Exit codes:"));
  }

  /** The path of names to every command under {@code root}, root first, each command once. */
  private static Stream<List<String>> commands(CommandLine root) {
    List<List<String>> found = new ArrayList<>();
    walk(root, List.of(root.getCommandName()), found, new IdentityHashMap<>());
    return found.stream();
  }

  private static void walk(
      CommandLine cmd,
      List<String> path,
      List<List<String>> found,
      Map<CommandLine, Boolean> seen) {
    if (seen.put(cmd, true) != null) {
      return; // an alias of a command already walked
    }
    found.add(path);
    for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
      List<String> subPath = new ArrayList<>(path);
      subPath.add(sub.getKey());
      walk(sub.getValue(), subPath, found, seen);
    }
  }
}
