package org.citysense.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Two connected virtual serial ports from socat, for serial tests without hardware. */
public final class SocatPair implements AutoCloseable {
  private final Process process;
  private final Path dir;

  public SocatPair() throws IOException, InterruptedException {
    dir = Files.createTempDirectory("socat");
    process =
        new ProcessBuilder(
                "socat", "-d", "-d",
                "pty,raw,echo=0,link=" + a(),
                "pty,raw,echo=0,link=" + b())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("socat.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!(Files.exists(dir.resolve("a")) && Files.exists(dir.resolve("b")))) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        close();
        throw new IllegalStateException("socat did not create its ptys: " + Files.readString(dir.resolve("socat.log")));
      }
      Thread.sleep(20);
    }
  }

  /** One end, as a path the serial libraries open. */
  public String a() {
    return dir.resolve("a").toString();
  }

  /** The other end. */
  public String b() {
    return dir.resolve("b").toString();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
