package org.citysense.sim.testing;

import java.util.List;

/** The live threads of this JVM, to show that a transport left none behind. */
public final class Threads {
  private Threads() {}

  /** Names of live threads whose name contains {@code fragment}. */
  public static List<String> named(String fragment) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.contains(fragment))
        .sorted()
        .toList();
  }
}
