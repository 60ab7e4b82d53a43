package org.citysense.agent.testing;

import java.util.List;
import java.util.Set;

/** The live threads of this JVM, to show that a driver or broker left none behind. */
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

  /** The live threads now, to compare with later. */
  public static Set<Thread> snapshot() {
    return Set.copyOf(Thread.getAllStackTraces().keySet());
  }

  /** Names of live non-daemon threads that were not in {@code before}: they keep a JVM alive. */
  public static List<String> newNonDaemon(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> !t.isDaemon())
        .filter(t -> !before.contains(t))
        .map(Thread::getName)
        .sorted()
        .toList();
  }
}
