package org.citysense.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system (tmpfs) mounted for one test, so that "no space left on device" comes
 * from the kernel, as on a gateway whose flash is full. Mounting needs root, which the test script
 * and CI have (or password-less sudo); without it the test fails saying so rather than pretending.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path dir;

  private SmallDisk(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code kib} KiB on a new temporary folder. */
  public static SmallDisk mount(int kib) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("small-disk");
    run(
        List.of(
            "mount", "-t", "tmpfs", "-o", "size=" + kib + "k,mode=0755", "tmpfs", dir.toString()));
    return new SmallDisk(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Bytes still free for files. */
  public long free() throws IOException {
    return Files.getFileStore(dir).getUsableSpace();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run(List.of("umount", "-l", dir.toString()));
    Files.deleteIfExists(dir);
  }

  private static void run(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("sudo", "-n"));
    }
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed ("
              + out.strip()
              + "); this test needs root to mount a small tmpfs, as scripts/test runs it");
    }
  }
}
