package org.citysense.agent.driver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * One log line per problem, not one per attempt: a problem under a key (a device, a point, a
 * connection) is logged at WARN when it starts or becomes another kind of problem, its repeats at
 * DEBUG, and its end once at INFO. A dead device polled every second leaves one warning, not
 * thousands; the status endpoint counts the problems in force.
 */
public final class ProblemLog {
  private final Logger log;
  private final Map<String, String> active = new ConcurrentHashMap<>();

  public ProblemLog(Logger log) {
    this.log = log;
  }

  /**
   * A problem of one kind under {@code key}; {@code format} and {@code args} say it.
   *
   * @return whether it was logged at WARN: new, or not the kind the key had
   */
  public boolean problem(String key, String format, Object... args) {
    return problem(key, "", format, args);
  }

  /**
   * As {@link #problem(String, String, Object...)}, logged at WARN again when {@code kind} is not
   * the kind of problem the key had.
   */
  public boolean problem(String key, String kind, String format, Object... args) {
    boolean news = !kind.equals(active.put(key, kind));
    if (news) {
      log.warn(format, args);
    } else {
      log.debug(format, args);
    }
    return news;
  }

  /** Logs at INFO when {@code key} had a problem; else nothing. */
  public void cleared(String key, String format, Object... args) {
    if (active.remove(key) != null) {
      log.info(format, args);
    }
  }

  /** Whether {@code key} has a problem that has not cleared. */
  public boolean active(String key) {
    return active.containsKey(key);
  }

  /** The kind of problem {@code key} has, or null. */
  public String kindOf(String key) {
    return active.get(key);
  }

  /** Problems in force. */
  public int open() {
    return active.size();
  }
}
