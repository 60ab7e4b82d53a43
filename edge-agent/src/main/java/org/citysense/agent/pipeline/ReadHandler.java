package org.citysense.agent.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.ProblemLog;
import org.citysense.agent.driver.PushListener;
import org.citysense.agent.normalize.Normalizer;
import org.citysense.agent.time.Ticker;
import org.citysense.profiles.decode.Decoded;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Quality;

/**
 * Where everything a driver got arrives, polled or pushed: stamps it with the gateway's clock,
 * normalizes it, tells device health, logs each problem once, and emits the readings.
 */
public final class ReadHandler implements PushListener {
  private final Clock clock;
  private final Ticker ticker;
  private final Normalizer normalizer;
  private final Emitter emitter;
  private final DeviceHealth health;
  private final ProblemLog problems;
  private final Map<String, Long> lastPush = new ConcurrentHashMap<>();

  /**
   * @param clock the wall clock, for timestamps
   * @param ticker elapsed time, for when each push device was last heard from
   */
  public ReadHandler(
      Clock clock,
      Ticker ticker,
      Normalizer normalizer,
      Emitter emitter,
      DeviceHealth health,
      ProblemLog problems) {
    this.clock = clock;
    this.ticker = ticker;
    this.normalizer = normalizer;
    this.emitter = emitter;
    this.health = health;
    this.problems = problems;
  }

  /** The results of one poll of {@code deviceId}, read at {@code at}. */
  public void polled(String deviceId, List<PointResult> results, Instant at) {
    boolean answered = false;
    String problem = null;
    for (PointResult r : results) {
      if (r.isOk()) {
        answered = true;
        decode(deviceId, r.point(), r.raw(), at);
      } else {
        answered |= r.failure().deviceAnswered();
        problem = r.failure().toString();
        problem(deviceId, r.point().name(), problem);
        emitter.reading(normalizer.failed(deviceId, r.point(), r.failure(), at), r.point());
      }
    }
    if (answered) {
      health.answered(deviceId, at);
    } else if (!results.isEmpty()) {
      health.silent(deviceId, problem, at);
    }
  }

  @Override
  public void received(String deviceId, List<Point> points, RawValue raw) {
    Instant at = clock.instant();
    lastPush.put(deviceId, ticker.nanos());
    health.answered(deviceId, at);
    for (Point p : points) {
      decode(deviceId, p, raw, at);
    }
  }

  @Override
  public void failed(String deviceId, Failure failure) {
    problem(deviceId, "*", failure.toString());
  }

  /** The {@link Ticker} time at which a push device last sent something, or null. */
  public Long lastPushTick(String deviceId) {
    return lastPush.get(deviceId);
  }

  private void decode(String deviceId, Point point, RawValue raw, Instant at) {
    Decoded d = normalizer.normalize(deviceId, point, raw, at);
    if (d.reading().quality() == Quality.GOOD || d.problem() == null) {
      ok(deviceId, point.name());
    } else {
      problem(deviceId, point.name(), d.reading().quality() + ": " + d.problem());
    }
    emitter.reading(d.reading(), point);
  }

  /** A point's problem (or the whole device's, point "*"): logged when it starts or changes. */
  private void problem(String deviceId, String point, String problem) {
    problems.problem(
        deviceId + "/" + point,
        problem,
        "cannot read point [device: {}, point: {}]: {}",
        deviceId,
        point,
        problem);
  }

  private void ok(String deviceId, String point) {
    String key = deviceId + "/" + point;
    String before = problems.kindOf(key);
    if (before != null) {
      problems.cleared(
          key, "point reads again [device: {}, point: {}] after: {}", deviceId, point, before);
    }
  }
}
