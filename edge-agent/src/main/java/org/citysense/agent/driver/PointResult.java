package org.citysense.agent.driver;

import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.Point;

/** What a driver got for one point: its raw value, or why there is none. Never both. */
public record PointResult(Point point, RawValue raw, Failure failure) {

  public static PointResult ok(Point point, RawValue raw) {
    return new PointResult(point, raw, null);
  }

  public static PointResult failed(Point point, Failure failure) {
    return new PointResult(point, null, failure);
  }

  public boolean isOk() {
    return failure == null;
  }
}
