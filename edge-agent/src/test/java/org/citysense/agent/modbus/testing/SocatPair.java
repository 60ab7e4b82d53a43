package org.citysense.agent.modbus.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two connected pseudo-terminals made by socat, reached through links {@code a} and {@code b} in a
 * folder: a serial line with no baud timing. Closing it kills socat by its PID and removes the
 * folder.
 */
public final class SocatPair implements AutoCloseable {
  private static final Duration START_LIMIT = Duration.ofSeconds(10);

  private final Path folder;
  private final Process socat;

  private SocatPair(Path folder, Process socat) {
    this.folder = folder;
    this.socat = socat;
  }

  /** In a fresh temporary folder. */
  public static SocatPair start() throws IOException, InterruptedException {
    return start(Files.createTempDirectory("citysense-pty"));
  }

  /** With its links in {@code folder}, which it removes on close; waits until both exist. */
  public static SocatPair start(Path folder) throws IOException, InterruptedException {
    Files.createDirectories(folder);
    Process socat =
        new ProcessBuilder(
                List.of(
                    "socat",
                    "-d",
                    "-d",
                    "pty,raw,echo=0,link=" + folder.resolve("a"),
                    "pty,raw,echo=0,link=" + folder.resolve("b")))
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("socat.log").toFile())
            .start();
    SocatPair pair = new SocatPair(folder, socat);
    try {
      Poll.until(
          "socat links in " + folder,
          START_LIMIT,
          () -> Files.exists(pair.a()) && Files.exists(pair.b()) || !socat.isAlive());
      if (!socat.isAlive()) {
        throw new IOException("socat exited: " + Files.readString(folder.resolve("socat.log")));
      }
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      pair.close();
      throw e;
    }
    return pair;
  }

  /** One end, for the master (the agent). */
  public Path a() {
    return folder.resolve("a");
  }

  /** The other end, for the slaves. */
  public Path b() {
    return folder.resolve("b");
  }

  @Override
  public void close() {
    socat.destroy();
    try {
      if (!socat.waitFor(5, TimeUnit.SECONDS)) {
        socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }
}
