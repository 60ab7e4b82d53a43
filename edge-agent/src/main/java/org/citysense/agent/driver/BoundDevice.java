package org.citysense.agent.driver;

import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.model.DeviceProfile;

/** A device instance with its profile resolved, as drivers receive it. */
public record BoundDevice(DeviceInstance instance, DeviceProfile profile) {
  public String id() {
    return instance.id();
  }
}
