package org.citysense.agent.normalize;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;

/**
 * Marks readings {@code stuck} when an analog sensor repeats exactly the same value too long: the
 * same value in {@code samples} readings in a row that span at least {@code duration}. Only for
 * quantities that always wander a little (particulates, temperature, humidity, water level); a gas
 * detector at 0 %LEL, a silent water meter or a full battery are normal, not stuck.
 */
public final class StuckDetector {
  private static final Set<Quantity> ANALOG =
      EnumSet.of(
          Quantity.PM2_5,
          Quantity.PM10,
          Quantity.TEMPERATURE,
          Quantity.HUMIDITY,
          Quantity.WATER_LEVEL,
          Quantity.SMOKE_DENSITY);

  private final int samples;
  private final Duration duration;
  private final Map<String, Run> runs = new ConcurrentHashMap<>();

  public StuckDetector(int samples, Duration duration) {
    this.samples = samples;
    this.duration = duration;
  }

  /** {@code r}, or {@code r} marked stuck. Keeps per-point history. */
  public Reading apply(Reading r) {
    if (!ANALOG.contains(r.quantity()) || r.quality() != Quality.GOOD) {
      return r;
    }
    String key = r.deviceId() + "/" + r.point();
    Run run =
        runs.compute(
            key,
            (k, old) ->
                old != null && old.value.equals(r.value())
                    ? new Run(old.value, old.since, old.count + 1)
                    : new Run(r.value(), r.timestamp(), 1));
    boolean stuck =
        run.count >= samples && Duration.between(run.since, r.timestamp()).compareTo(duration) >= 0;
    return stuck ? r.withQuality(Quality.STUCK) : r;
  }

  private record Run(Value value, Instant since, int count) {}
}
