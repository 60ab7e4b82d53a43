package org.citysense.agent.poll;

import java.util.List;
import java.util.function.Consumer;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.PointResult;
import org.citysense.profiles.model.Point;

/** Read these points of this device, then hand the results on. */
public record PollJob(BoundDevice device, List<Point> points, Consumer<List<PointResult>> done) {
  public PollJob {
    points = List.copyOf(points);
  }
}
