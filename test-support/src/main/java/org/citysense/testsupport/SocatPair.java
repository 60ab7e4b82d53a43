package org.citysense.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two connected pseudo-terminals made by socat, reached through the links {@code a} and {@code b}
 * in a folder: a serial line for tests, with no baud timing. Closing it kills socat; the links go
 * with it.
 */
public final class SocatPair implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Path folder;
  private final Process socat;

  private SocatPair(Path folder, Process socat) {
    this.folder = folder;
    this.socat = socat;
  }

  /** Starts socat with its links in {@code folder} and waits until both exist. */
  public static SocatPair start(Path folder) throws IOException, InterruptedException {
    Files.createDirectories(folder);
    Path log = folder.resolve("socat-" + System.nanoTime() + ".log");
    Process socat =
        new ProcessBuilder(
                List.of(
                    "socat",
                    "-d",
                    "-d",
                    "pty,raw,echo=0,link=" + folder.resolve("a"),
                    "pty,raw,echo=0,link=" + folder.resolve("b")))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    SocatPair pair = new SocatPair(folder, socat);
    try {
      Poll.until(
          "socat links in " + folder,
          START_TIMEOUT,
          () -> Files.exists(pair.a()) && Files.exists(pair.b()) || !socat.isAlive());
      if (!socat.isAlive()) {
        throw new IOException("socat exited: " + Files.readString(log));
      }
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      pair.close();
      throw e;
    }
    return pair;
  }

  /** Starts socat with its links in a fresh temporary folder, removed on close. */
  public static SocatPair start() throws IOException, InterruptedException {
    return start(Files.createTempDirectory("citysense-pty"));
  }

  /** One end, for the sensor. */
  public Path a() {
    return folder.resolve("a");
  }

  /** The other end, for the agent. */
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
    if (folder.getFileName().toString().startsWith("citysense-pty")) {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        // a leftover temporary folder is harmless
      }
    }
  }
}
