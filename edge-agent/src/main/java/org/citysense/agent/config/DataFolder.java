package org.citysense.agent.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The agent's data folder (sequence numbers, buffer, quarantine), made ready before anything is
 * read: created if missing, and tried with a small file, so that a folder the agent cannot write is
 * refused at start with one line saying why, not found out later by the buffer.
 */
public final class DataFolder {
  private DataFolder() {}

  /** Creates {@code dir} if needed and checks it takes a file; the problem, if any. */
  public static Optional<String> prepare(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
      return Optional.empty();
    } catch (AccessDeniedException e) {
      return Optional.of("permission denied on " + e.getFile() + cause(e));
    } catch (NoSuchFileException e) {
      return Optional.of("cannot create " + e.getFile() + cause(e));
    } catch (FileSystemException e) {
      return Optional.of(
          (e.getReason() == null ? "cannot use it" : e.getReason().toLowerCase())
              + " ("
              + e.getFile()
              + ")");
    } catch (IOException e) {
      return Optional.of(e.toString());
    }
  }

  private static String cause(FileSystemException e) {
    return e.getReason() == null ? "" : " (" + e.getReason() + ")";
  }
}
