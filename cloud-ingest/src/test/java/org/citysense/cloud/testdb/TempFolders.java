package org.citysense.cloud.testdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A temporary folder that lives as long as the whole test run and is removed after it. */
final class TempFolders {
  private TempFolders() {}

  static Path of(ExtensionContext context, String name) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(TempFolders.class))
        .computeIfAbsent(name, n -> new Folder(create(n)), Folder.class)
        .path();
  }

  private static Path create(String name) {
    try {
      return Files.createTempDirectory("citysense-" + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Folder(Path path) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      delete(path);
    }
  }

  static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
