package org.citysense.agent.driver;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs a recurring problem once, not once per attempt: the first occurrence of a key at WARN, the
 * repeats at DEBUG, and the recovery at INFO. A driver keys it by device and kind of problem, so a
 * dead device that is polled every second leaves one warning, not thousands.
 */
public final class ProblemLog {
  private final Logger log;
  private final Set<String> active = ConcurrentHashMap.newKeySet();

  public ProblemLog(Logger log) {
    this.log = log;
  }

  /**
   * Logs {@code format} at WARN when {@code key} was fine until now, else at DEBUG.
   *
   * @return whether this was the first occurrence
   */
  public boolean problem(String key, String format, Object... args) {
    boolean first = active.add(key);
    if (first) {
      log.warn(format, args);
    } else {
      log.debug(format, args);
    }
    return first;
  }

  /** Logs {@code format} at INFO when {@code key} had a problem; else nothing. */
  public void cleared(String key, String format, Object... args) {
    if (active.remove(key)) {
      log.info(format, args);
    }
  }

  /** Whether {@code key} has a problem that has not cleared. */
  public boolean active(String key) {
    return active.contains(key);
  }
}
