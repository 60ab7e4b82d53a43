package org.citysense.agent.libs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder under the agent's lib/, found from where the agent's own jar is: lib/ itself in the
 * install layout (lib/edge-agent-VERSION.jar), lib/ beside it in a build (target/edge-agent.jar,
 * target/lib/).
 */
final class LibFolder {
  private LibFolder() {}

  /**
   * lib/{@code name} of the agent whose jar holds {@code agentClass}, whether it exists or not;
   * none when the agent does not run from a jar (its classes folder, in Maven's tests).
   */
  static Optional<Path> of(Class<?> agentClass, String name) {
    CodeSource source = agentClass.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    Path jar;
    try {
      jar = Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(jar)) {
      return Optional.empty();
    }
    Path dir = jar.toAbsolutePath().getParent();
    Path lib = dir.getFileName().toString().equals("lib") ? dir : dir.resolve("lib");
    return Optional.of(lib.resolve(name));
  }

  /** The jars in {@code folder}, none when it does not exist. */
  static URL[] jars(Path folder) {
    if (!Files.isDirectory(folder)) {
      return new URL[0];
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
      URL[] urls = new URL[jars.size()];
      for (int i = 0; i < urls.length; i++) {
        urls[i] = jars.get(i).toUri().toURL();
      }
      return urls;
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }
}
