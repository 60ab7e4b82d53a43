package org.citysense.sim.scenario;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.citysense.profiles.quantity.Quantity;

/**
 * The normal behaviour of each quantity: a diurnal cycle in the site's time zone plus noise. PM2.5
 * and PM10 share a regional signal across stations, so that neighbouring stations read alike and
 * one station's spike stands out as it would in a city.
 */
public final class Baselines {
  private static final long NOISE_BUCKET_SECONDS = 10;
  private static final long REGIONAL_BUCKET_SECONDS = 300;

  private final ZoneId zone;
  private final long seed;

  public Baselines(ZoneId zone, long seed) {
    this.zone = zone;
    this.seed = seed;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The local hour of day, with fractions, at {@code t}. */
  public double hourOfDay(Instant t) {
    ZonedDateTime local = t.atZone(zone);
    return local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
  }

  /** The normal value of {@code q} for device {@code deviceId} at {@code t}, canonical unit. */
  public double value(Quantity q, String deviceId, Instant t) {
    double h = hourOfDay(t);
    return switch (q) {
      case PM2_5 -> Math.max(1, particulate(deviceId, t, h));
      case PM10 -> Math.max(2, 1.6 * particulate(deviceId, t, h) + 2 * local(deviceId, "pm10", t));
      case HUMIDITY -> clamp(62 - 15 * diurnal(h, 15) + local(deviceId, "rh", t), 5, 100);
      case TEMPERATURE -> 15 + 6 * diurnal(h, 15) + 0.3 * local(deviceId, "t", t);
      case GAS -> Math.max(0, 0.3 + 0.1 * local(deviceId, "gas", t));
      case CO -> Math.max(0, 2 + 0.5 * local(deviceId, "co", t));
      case SMOKE_DENSITY -> Math.max(0, 0.01 + 0.003 * local(deviceId, "smoke", t));
      case BATTERY -> Math.round(80 + 19 * Noise.uniform(seed, deviceId + "/battery"));
      case SIGNAL ->
          Math.round(
              -95 + 20 * Noise.uniform(seed, deviceId + "/signal") + local(deviceId, "rssi", t));
      case WATER_LEVEL -> 1.2 + 0.05 * diurnal(h, 4) + 0.005 * local(deviceId, "level", t);
      case WATER_FLOW -> WaterUse.rate(h, WaterUse.DEFAULT_PER_DAY, 0);
      case WATER_VOLUME -> startVolume(deviceId);
      case VALVE_OPEN -> 1;
      case SMOKE, GAS_ALARM, ALARM_BUTTON -> 0;
    };
  }

  /** A plausible meter reading to start from, different per device. */
  public double startVolume(String deviceId) {
    return Math.round((50 + 900 * Noise.uniform(seed, deviceId + "/volume")) * 1000) / 1000.0;
  }

  private double particulate(String deviceId, Instant t, double h) {
    long regionalBucket = t.getEpochSecond() / REGIONAL_BUCKET_SECONDS;
    double regional = Noise.gaussian(seed, "pm/regional", regionalBucket);
    return 35 + 12 * diurnal(h, 8) + 4 * regional + 1.5 * local(deviceId, "pm", t);
  }

  private double local(String deviceId, String key, Instant t) {
    return Noise.gaussian(seed, deviceId + "/" + key, t.getEpochSecond() / NOISE_BUCKET_SECONDS);
  }

  /** 1 at {@code peakHour}, -1 twelve hours away. */
  private static double diurnal(double hour, double peakHour) {
    return Math.cos(2 * Math.PI * (hour - peakHour) / 24);
  }

  private static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }
}
