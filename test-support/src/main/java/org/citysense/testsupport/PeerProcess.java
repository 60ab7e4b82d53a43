package org.citysense.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real peer (mosquitto, mosquitto_sub, coap-client) started by a test: its output is collected as
 * it comes, and {@link #close()} kills it by its PID.
 */
public final class PeerProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final StringBuffer out = new StringBuffer();
  private final StringBuffer err = new StringBuffer();
  private final Thread outReader;
  private final Thread errReader;

  private PeerProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.outReader = collect(process.getInputStream(), out, name + "-stdout");
    this.errReader = collect(process.getErrorStream(), err, name + "-stderr");
  }

  public static PeerProcess start(List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    process.getOutputStream().close();
    return new PeerProcess(String.join(" ", command), process);
  }

  /** Everything written to stdout so far. */
  public String out() {
    return out.toString();
  }

  /** The stdout lines completed so far. */
  public List<String> lines() {
    String text = out();
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : text.substring(0, end).lines().toList();
  }

  public String err() {
    return err.toString();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code; only once the process has ended. */
  public int exitCode() {
    return process.exitValue();
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Waits, at most {@code limit}, for the process to end by itself, and then for everything it
   * printed to be collected (the readers may lag behind the exit).
   */
  public boolean awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      return false;
    }
    outReader.join(limit.toMillis());
    errReader.join(limit.toMillis());
    return true;
  }

  /** What the peer printed, for failure messages. */
  public String transcript() {
    return name + " (pid " + process.pid() + ")\nstdout:\n" + out() + "\nstderr:\n" + err();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Thread collect(InputStream stream, StringBuffer into, String threadName) {
    Thread reader =
        new Thread(
            () -> {
              try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                char[] buffer = new char[4096];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  into.append(buffer, 0, n);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            threadName);
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
