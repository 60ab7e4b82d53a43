package org.citysense.agent.libs;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Libraries the agent loads only when a device needs them, with the one package of the agent that
 * uses them. Their jars are in a folder of their own under lib/, which the JVM's {@code lib/*}
 * class path does not reach: the app class loader opens every jar on the class path at the first
 * lookup that fails anywhere, and each open jar keeps its central directory in the heap.
 *
 * @param what what needs the libraries, for messages: "OPC UA"
 * @param folder their folder under lib/
 * @param agentPackage the agent's package that uses them, defined in their class loader: nothing
 *     outside it may refer to its classes
 * @param implementation the class of that package to make, with a public no-argument constructor
 * @param marker a class file of the libraries, to tell whether they are there
 */
public record OptionalLibs(
    String what, String folder, String agentPackage, String implementation, String marker) {

  /**
   * A new {@code implementation}, in a new class loader that sees the folder's jars; without the
   * folder (the agent's classes run from Maven's class path) the libraries on the class path.
   *
   * @throws IllegalStateException when the libraries are not there; the message says where they
   *     were looked for and what to do
   */
  public <T> T load(Class<T> api) {
    Optional<Path> dir = LibFolder.of(OptionalLibs.class, folder);
    URL[] jars = dir.map(LibFolder::jars).orElse(new URL[0]);
    ChildFirstLoader loader =
        new ChildFirstLoader(folder, jars, api.getClassLoader(), agentPackage);
    if (loader.getResource(marker) == null) {
      close(loader);
      throw new IllegalStateException(missing(dir));
    }
    try {
      return api.cast(loader.loadClass(implementation).getConstructor().newInstance());
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make " + implementation + ": " + e, e);
    }
  }

  private String missing(Optional<Path> dir) {
    String libs = "lib/" + folder + "/";
    if (dir.isEmpty()) {
      return what
          + " needs the jars of "
          + libs
          + ", which are not on the class path, and the agent does not run from its jar";
    }
    return what
        + " needs the jars of "
        + libs
        + ", and "
        + dir.get()
        + (Files.isDirectory(dir.get()) ? " does not hold them" : " does not exist")
        + ": unpack the agent's tarball again, which has "
        + libs
        + " (docs/install.md), or, in a checkout, build it: mvn package -DskipTests";
  }

  private static void close(ChildFirstLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      // nothing was loaded from it
    }
  }
}
