package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@link RunArgs} reads {@code run}'s plain forms as picocli reads them, and leaves it the rest.
 */
class RunArgsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "run",
        "run --config /etc/citysense-agent/agent.yaml",
        "run -c agent.yaml",
        "run --config=site/agent.yaml",
        "run --config agent.yaml --speed 60",
        "run --speed=2.5 --config agent.yaml",
        "run --config a.yaml --speed 60 --clock-start 2026-06-01T06:00:00Z"
            + " --clock-anchor=2026-12-07T10:00:00Z",
      })
  void plainFormsAreReadAsPicocliReadsThem(String line) {
    String[] args = line.split(" ");

    RunArgs direct = RunArgs.parse(args).orElseThrow();

    assertThat(direct).isEqualTo(picocli(args));
  }

  @Test
  void withoutOptionsTheConfigIsRunCommandsDefault() {
    assertThat(RunArgs.parse("run").orElseThrow())
        .isEqualTo(new RunArgs(Path.of("agent.yaml"), null, null, null))
        .isEqualTo(picocli("run"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "status",
        "device list --config run",
        "run --help",
        "run -h",
        "run --version",
        "run --config",
        "run --config=",
        "run --confg agent.yaml",
        "run agent.yaml",
        "run --config a.yaml --config b.yaml",
        "run -c a.yaml --config b.yaml",
        "run --speed fast",
        "run --speed -1",
        "run --clock-start yesterday",
        "run --clock-anchor 2026-12-07",
        "run -c=agent.yaml",
      })
  void everythingElseIsLeftToPicocli(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");

    assertThat(RunArgs.parse(args)).as(line).isEmpty();
  }

  /** An option added to RunCommand and not to RunArgs would be refused by the direct path. */
  @Test
  void knowsEveryOptionOfRunCommand() {
    Set<String> names = new HashSet<>();
    new CommandLine(new RunCommand())
        .getCommandSpec()
        .options()
        .forEach(o -> names.addAll(Arrays.asList(o.names())));
    names.removeAll(List.of("-h", "--help", "-V", "--version"));

    assertThat(RunArgs.NAMES).isEqualTo(names);
  }

  private static RunArgs picocli(String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(Arrays.copyOfRange(args, 1, args.length));
    return new RunArgs(run.config, run.speed, run.clockStart, run.clockAnchor);
  }

  @Test
  void clockOptionsAreInstants() {
    RunArgs args = RunArgs.parse("run", "--clock-start", "2026-06-01T06:00:00Z").orElseThrow();
    assertThat(args.clockStart()).isEqualTo(Instant.parse("2026-06-01T06:00:00Z"));
  }
}
