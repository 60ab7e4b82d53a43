package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code edge-agent run} says before it starts, when it cannot. */
class RunCommandTest {
  @TempDir Path dir;

  @Test
  void aDataFolderThatCannotBeMadeIsRefusedWithOneLine() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    Path config =
        Files.writeString(
            dir.resolve("agent.yaml"),
            "gateway: {id: gw-1}\ndataDir: "
                + file.resolve("data")
                + "\nstatus: {port: -1}\n"
                + "devices: []\n");

    CliRun run = CliRun.of("run", "--config", config.toString());

    assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err().lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith(
                        "edge-agent: " + config + ": the data folder " + file.resolve("data"))
                    .contains("not a directory")
                    .contains("set dataDir to a folder the agent may write"));
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** Main starts run without picocli (RunArgs): its failures read as picocli's path prints them. */
  @Test
  void theDirectPathFailsAsPicocliDoes() throws Exception {
    Path config = Files.writeString(dir.resolve("agent.yaml"), "gateway: {id: gw-1}\nspeed: [\n");
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "devices: []\n");
    for (Path file : new Path[] {config, broken, dir.resolve("missing.yaml")}) {
      CliRun picocli = CliRun.of("run", "--config", file.toString());
      StringWriter err = new StringWriter();

      int exit =
          AgentRun.direct(
              RunArgs.parse("run", "--config", file.toString()).orElseThrow(),
              new PrintWriter(new StringWriter(), true),
              new PrintWriter(err, true));

      assertThat(exit).as(file.toString()).isEqualTo(picocli.exit()).isNotZero();
      assertThat(err.toString()).isEqualTo(picocli.err()).isNotBlank();
    }
  }

  @Test
  void aMissingDataFolderIsCreated() throws Exception {
    Path data = dir.resolve("var/lib/citysense");
    assertThat(org.citysense.agent.config.DataFolder.prepare(data)).isEmpty();
    assertThat(data).isDirectory().isEmptyDirectory();
  }
}
