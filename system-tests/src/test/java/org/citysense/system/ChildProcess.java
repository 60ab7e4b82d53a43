package org.citysense.system;

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
 * A process of the system (the cloud, an agent) started by a test: stdout and stderr appended to
 * files in the test's folder, so a failure can show their tails; stopped by its PID.
 */
final class ChildProcess implements AutoCloseable {
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

  static ChildProcess start(
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

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, then waits until the PID is gone; throws when it is not. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " (pid " + pid() + ") survived SIGKILL for 60 s");
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid());
    if (handle.isPresent() && handle.get().isAlive()) {
      throw new AssertionError(name + " (pid " + pid() + ") is still alive after SIGKILL");
    }
  }

  /** SIGTERM (shutdown hooks run), SIGKILL if it has not ended within {@code grace}. */
  int stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  /** Everything it has written to stdout so far. */
  String stdout() {
    return read(out);
  }

  String stderr() {
    return read(err);
  }

  /** The last lines of its output, for failure messages. */
  String tails() {
    return "--- "
        + name
        + " (pid "
        + pid()
        + ") stdout, last lines:\n"
        + tail(stdout(), 40)
        + "\n--- stderr, last lines:\n"
        + tail(stderr(), 40);
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    try {
      stop(Duration.ofSeconds(20));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
