package org.citysense.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process of the system (the cloud, an agent) started by a test or the demo: stdout and stderr
 * appended to files in a logs folder, so a failure can show their tails; stopped by its PID, with
 * whatever it started itself.
 */
public final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path out;
  private final Path err;

  private ChildProcess(String name, Process process, Path out, Path err) {
    this.name = name;
    this.process = process;
    this.out = out;
    this.err = err;
  }

  public static ChildProcess start(
      String name, List<String> command, Map<String, String> env, Path workDir, Path logDir)
      throws IOException {
    Files.createDirectories(logDir);
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
    builder.environment().putAll(env);
    return new ChildProcess(name, builder.start(), out, err);
  }

  public String name() {
    return name;
  }

  /** The folder its stdout and stderr files are in. */
  public Path logDir() {
    return out.getParent();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, then waits until the PID is gone; throws when it is not. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 60 s");
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid());
    if (handle.isPresent() && handle.get().isAlive()) {
      throw new IllegalStateException(name + " (pid " + pid() + ") is still alive after SIGKILL");
    }
  }

  /** SIGTERM (shutdown hooks run), SIGKILL if it has not ended within {@code grace}. */
  public int stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  /** Everything it has written to stdout so far. */
  public String stdout() {
    return read(out);
  }

  public String stderr() {
    return read(err);
  }

  /** The last lines of its output, for failure messages. */
  public String tails() {
    return "--- "
        + name
        + " (pid "
        + pid()
        + ") stdout, last lines:\n"
        + tail(stdout(), 40)
        + "\n--- stderr, last lines:\n"
        + tail(stderr(), 40);
  }

  /** SIGTERM, SIGKILL after 20 s; then whatever it started and left behind. */
  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    if (process.isAlive()) {
      try {
        stop(Duration.ofSeconds(20));
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  public static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
