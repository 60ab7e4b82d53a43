package org.citysense.agent.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.pipeline.DeviceHealth;
import org.citysense.agent.pipeline.ReadHandler;
import org.citysense.profiles.model.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when each point is read. Points of a device with the same interval are read together;
 * alarm-class points have their own fast interval. A group already waiting on its bus is not queued
 * again, so a slow bus falls behind without piling up work. Offline devices are still tried, but
 * only every {@code offlinePollEvery}. Push devices silent for three heartbeats go offline.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  /** How often due groups are looked for: the shortest interval a point can be read at. */
  private static final Duration TICK = Duration.ofMillis(10);

  private final Clock clock;
  private final ReadHandler handler;
  private final DeviceHealth health;
  private final Duration offlinePollEvery;
  private final List<Group> groups = new ArrayList<>();
  private final List<BoundDevice> pushed;
  private final Map<String, Instant> lastOfflineTry = new ConcurrentHashMap<>();
  private final Instant started;
  private ScheduledExecutorService ticker;

  /** Points of one device read together, on one bus, every {@code interval}. */
  private static final class Group {
    final BoundDevice device;
    final Bus bus;
    final List<Point> points;
    final Duration interval;
    volatile Instant due;
    volatile boolean waiting;

    Group(BoundDevice device, Bus bus, List<Point> points, Duration interval, Instant due) {
      this.device = device;
      this.bus = bus;
      this.points = points;
      this.interval = interval;
      this.due = due;
    }
  }

  /**
   * @param polled each polled device with the bus it is on
   * @param pushed devices that send by themselves, watched for silence
   */
  public Scheduler(
      Clock clock,
      Map<BoundDevice, Bus> polled,
      Collection<BoundDevice> pushed,
      ReadHandler handler,
      DeviceHealth health,
      Duration offlinePollEvery) {
    this.clock = clock;
    this.handler = handler;
    this.health = health;
    this.offlinePollEvery = offlinePollEvery;
    this.pushed = List.copyOf(pushed);
    this.started = clock.instant();
    polled.forEach(
        (device, bus) ->
            intervals(device)
                .forEach(
                    (interval, points) ->
                        groups.add(new Group(device, bus, points, interval, started))));
  }

  /** The device's points grouped by poll interval (instance overrides over the profile's). */
  static Map<Duration, List<Point>> intervals(BoundDevice device) {
    Map<Duration, List<Point>> byInterval = new TreeMap<>();
    for (Point p : device.profile().points()) {
      Duration interval = device.instance().intervals().getOrDefault(p.name(), p.interval());
      byInterval.computeIfAbsent(interval, i -> new ArrayList<>()).add(p);
    }
    return byInterval;
  }

  public void start() {
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "scheduler");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleWithFixedDelay(this::tickSafely, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.error("scheduler tick failed", e);
    }
  }

  /** Queues every group that is due; public for tests that drive time themselves. */
  public void tick() {
    Instant now = clock.instant();
    for (Group g : groups) {
      if (g.waiting || now.isBefore(g.due)) {
        continue;
      }
      if (health.isOffline(g.device.id()) && !offlineTryDue(g.device.id(), now)) {
        continue;
      }
      g.due = now.plus(g.interval);
      g.waiting = true;
      boolean queued =
          g.bus.submit(
              new org.citysense.agent.poll.PollJob(
                  g.device,
                  g.points,
                  results -> {
                    g.waiting = false;
                    handler.polled(g.device.id(), results, clock.instant());
                  }));
      if (!queued) {
        g.waiting = false;
      }
    }
    watchPushed(now);
  }

  private boolean offlineTryDue(String deviceId, Instant now) {
    Instant last = lastOfflineTry.get(deviceId);
    if (last == null || !now.isBefore(last.plus(offlinePollEvery))) {
      lastOfflineTry.put(deviceId, now);
      return true;
    }
    return false;
  }

  private void watchPushed(Instant now) {
    for (BoundDevice d : pushed) {
      Duration heartbeat = heartbeat(d);
      Instant last = handler.lastPush(d.id());
      Instant since = last != null ? last : started;
      if (Duration.between(since, now).compareTo(heartbeat.multipliedBy(3)) > 0) {
        health.quiet(d.id(), "nothing received for " + heartbeat.multipliedBy(3), now);
      }
    }
  }

  /** How often a push device reports at least: its shortest non-alarm interval. */
  static Duration heartbeat(BoundDevice d) {
    return d.profile().points().stream()
        .filter(p -> !p.isAlarmClass())
        .map(p -> d.instance().intervals().getOrDefault(p.name(), p.interval()))
        .min(Duration::compareTo)
        .orElse(Duration.ofMinutes(5));
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
