package org.citysense.agent.driver;

import java.util.List;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.Point;

/** Where a push driver hands what devices send by themselves (MQTT, CoAP notifications, frames). */
public interface PushListener {

  /**
   * A device sent {@code raw}, which carries {@code points} (a JSON message carries several). The
   * agent stamps it with its own clock on arrival and decodes each point.
   */
  void received(String deviceId, List<Point> points, RawValue raw);

  /** Something arrived for {@code deviceId} that cannot be used (garbage JSON, bad frame). */
  void failed(String deviceId, Failure failure);
}
