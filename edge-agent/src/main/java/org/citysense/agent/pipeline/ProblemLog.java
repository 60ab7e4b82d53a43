package org.citysense.agent.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per problem, not one per poll: a problem of a device's point is logged when it
 * starts or changes, and its end is logged once.
 */
public final class ProblemLog {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemLog.class);
  private final Map<String, String> current = new ConcurrentHashMap<>();

  /** Records {@code problem} for the point (or the whole device when point is "*"). */
  public void problem(String deviceId, String point, String problem) {
    String before = current.put(deviceId + "/" + point, problem);
    if (!problem.equals(before)) {
      LOG.warn("cannot read point [device: {}, point: {}]: {}", deviceId, point, problem);
    }
  }

  /** Records that the point reads fine; logs once if it had a problem. */
  public void ok(String deviceId, String point) {
    String before = current.remove(deviceId + "/" + point);
    if (before != null) {
      LOG.info("point reads again [device: {}, point: {}] after: {}", deviceId, point, before);
    }
  }

  /** Problems in force, for the status endpoint. */
  public int open() {
    return current.size();
  }
}
