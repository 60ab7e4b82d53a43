package org.citysense.agent.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes small files that replace older ones in one step: a temp file beside the target, then a
 * rename, so a reader (a running agent) sees the old file or the new one, never half of one.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes {@code text} (a token) readable and writable by its owner only (rw-------). */
  public static void writeOwnerOnly(Path file, String text) throws IOException {
    write(file, text, true);
  }

  /** Writes {@code text} (a config) with the default permissions, or those of the file replaced. */
  public static void write(Path file, String text) throws IOException {
    write(file, text, false);
  }

  private static void write(Path file, String text, boolean ownerOnly) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = null;
    for (int i = 0; tmp == null; i++) {
      Path candidate = dir.resolve("." + file.getFileName() + ".tmp" + (i == 0 ? "" : i));
      try {
        tmp =
            ownerOnly
                ? Files.createFile(
                    candidate,
                    PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")))
                : Files.createFile(candidate);
      } catch (FileAlreadyExistsException e) {
        if (i > 20) {
          throw e;
        }
      }
    }
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      if (!ownerOnly && Files.exists(file)) {
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
