package org.citysense.sim.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external tool (a real peer: mbpoll, python3, coap-client) and captures its output. */
public final class Command {
  private Command() {}

  /** The result of a finished command: exit code and combined stdout and stderr. */
  public record Result(int exitCode, String output) {}

  public static Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out;
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out after " + timeout + ": " + command);
    }
    out = process.getInputStream().readAllBytes();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
