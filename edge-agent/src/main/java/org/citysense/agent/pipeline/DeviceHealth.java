package org.citysense.agent.pipeline;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.citysense.profiles.wire.DeviceState;

/**
 * Whether each device answers: online on the first answer, offline after {@code offlineAfter}
 * consecutive polls without one. Each transition is emitted once as a status change.
 */
public final class DeviceHealth {
  private final int offlineAfter;
  private final Emitter emitter;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  /** A device's health now. */
  public record State(DeviceState state, int failures, Instant lastAnswer, String lastProblem) {}

  public DeviceHealth(int offlineAfter, Emitter emitter) {
    this.offlineAfter = offlineAfter;
    this.emitter = emitter;
  }

  public void answered(String deviceId, Instant at) {
    State before = states.put(deviceId, new State(DeviceState.ONLINE, 0, at, null));
    if (before == null || before.state() != DeviceState.ONLINE) {
      String reason = before == null ? "answered" : "answered again after " + before.lastProblem();
      emitter.status(deviceId, DeviceState.ONLINE, reason, at.toEpochMilli());
    }
  }

  public void silent(String deviceId, String problem, Instant at) {
    State before = states.getOrDefault(deviceId, new State(null, 0, null, null));
    int failures = before.failures() + 1;
    DeviceState state = before.state();
    if (failures >= offlineAfter && state != DeviceState.OFFLINE) {
      state = DeviceState.OFFLINE;
      emitter.status(
          deviceId,
          DeviceState.OFFLINE,
          failures + " consecutive polls without an answer: " + problem,
          at.toEpochMilli());
    }
    states.put(deviceId, new State(state, failures, before.lastAnswer(), problem));
  }

  /** A push device that has been quiet too long goes offline at once. */
  public void quiet(String deviceId, String reason, Instant at) {
    State before = states.get(deviceId);
    if (before != null && before.state() == DeviceState.OFFLINE) {
      return;
    }
    emitter.status(deviceId, DeviceState.OFFLINE, reason, at.toEpochMilli());
    states.put(
        deviceId,
        new State(DeviceState.OFFLINE, 1, before == null ? null : before.lastAnswer(), reason));
  }

  public boolean isOffline(String deviceId) {
    State s = states.get(deviceId);
    return s != null && s.state() == DeviceState.OFFLINE;
  }

  public State of(String deviceId) {
    return states.getOrDefault(deviceId, new State(null, 0, null, null));
  }
}
