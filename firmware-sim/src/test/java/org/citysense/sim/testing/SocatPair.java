package org.citysense.sim.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two connected pseudo-terminals made by socat, reached through links in a fresh temporary folder:
 * a serial line for tests, with no baud timing. Closing it kills socat and removes the folder.
 */
public final class SocatPair implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Path folder;
  private final Process socat;

  private SocatPair(Path folder, Process socat) {
    this.folder = folder;
    this.socat = socat;
  }

  /** Starts socat and waits until both links exist. */
  public static SocatPair start() throws IOException, InterruptedException {
    Path folder = Files.createTempDirectory("citysense-pty");
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
          START_TIMEOUT,
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

  /** One end, for the simulator. */
  public Path a() {
    return folder.resolve("a");
  }

  /** The other end, for the peer. */
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
