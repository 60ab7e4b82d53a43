package org.citysense.agent.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Commands run in processes of their own, as an installer runs them: launchers, tar, the JVM. */
public final class Commands {
  private Commands() {}

  /** How a command ended and what it printed. */
  public record Ran(int code, String out, String err) {}

  /** This JVM's environment without what would change the launcher's choices. */
  public static Map<String, String> clean(Map<String, String> env) {
    List.of("EDGE_AGENT_JAVA_OPTS", "EDGE_AGENT_CDS_DIR", "STATE_DIRECTORY", "JDK_JAVA_OPTIONS")
        .forEach(env::remove);
    return env;
  }

  /**
   * Runs {@code command} in {@code dir}, with {@code env} over the {@link #clean} environment;
   * waits for it, with a bound only against a hang.
   */
  public static Ran run(Path dir, Map<String, String> env, String... command) throws Exception {
    Path out = Files.createTempFile("command", ".out");
    Path err = Files.createTempFile("command", ".err");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(new ArrayList<>(List.of(command)))
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      clean(pb.environment()).putAll(env);
      Process p = pb.start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not end");
      }
      return new Ran(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
