package org.citysense.agent.modbus.testing;

import java.util.Set;
import java.util.stream.Collectors;

/** The live threads of this JVM, to show that a driver left none behind that keeps it running. */
public final class Threads {
  private Threads() {}

  /** The live threads that would keep the JVM from exiting. */
  public static Set<Thread> nonDaemon() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> !t.isDaemon())
        .collect(Collectors.toSet());
  }

  /** The live threads whose names start with {@code prefix}. */
  public static Set<Thread> named(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith(prefix))
        .collect(Collectors.toSet());
  }

  /** Names of the non-daemon threads alive now that were not in {@code before}. */
  public static Set<String> newNonDaemon(Set<Thread> before) {
    return nonDaemon().stream()
        .filter(t -> !before.contains(t))
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }
}
