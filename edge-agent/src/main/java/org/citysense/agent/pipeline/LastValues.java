package org.citysense.agent.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.citysense.profiles.wire.WireReading;

/** The last reading of every point, for the status endpoint. */
public final class LastValues {
  private final Map<String, Map<String, WireReading>> byDevice = new ConcurrentHashMap<>();

  void put(WireReading r) {
    byDevice.computeIfAbsent(r.deviceId(), d -> new ConcurrentHashMap<>()).put(r.point(), r);
  }

  public Map<String, WireReading> of(String deviceId) {
    return Map.copyOf(byDevice.getOrDefault(deviceId, Map.of()));
  }
}
