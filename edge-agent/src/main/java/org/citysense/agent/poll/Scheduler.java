package org.citysense.agent.poll;

import java.time.Clock;
import java.time.Duration;
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
import org.citysense.agent.time.Ticker;
import org.citysense.profiles.model.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when each point is read. Points of a device with the same interval are read together;
 * alarm-class points have their own fast interval. A group already waiting on its bus is not queued
 * again, so a slow bus falls behind without piling up work. Offline devices are still tried, but
 * only every {@code offlinePollEvery}. Push devices silent for three heartbeats go offline.
 *
 * <p>All of this runs on a {@link Ticker}, never on the wall clock: when the wall clock steps (NTP
 * after a long power cut, a technician setting the date) polling goes on at its intervals, and only
 * the readings' timestamps, taken from the wall clock, show the step.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  /** How often due groups are looked for: the shortest interval a point can be read at. */
  private static final Duration TICK = Duration.ofMillis(10);

  private final Clock clock;
  private final Ticker ticker;
  private final ReadHandler handler;
  private final DeviceHealth health;
  private final Duration offlinePollEvery;
  private final List<Group> groups = new ArrayList<>();
  private final List<BoundDevice> pushed;
  private final Map<String, Long> lastOfflineTry = new ConcurrentHashMap<>();
  private final long started;
  private ScheduledExecutorService timer;

  /** Points of one device read together, on one bus, every {@code interval}. */
  private static final class Group {
    final BoundDevice device;
    final Bus bus;
    final List<Point> points;
    final long interval;
    volatile long due;
    volatile boolean waiting;

    Group(BoundDevice device, Bus bus, List<Point> points, Duration interval, long due) {
      this.device = device;
      this.bus = bus;
      this.points = points;
      this.interval = interval.toNanos();
      this.due = due;
    }
  }

  /**
   * @param clock the wall clock, for the readings' timestamps
   * @param ticker elapsed time, for everything else
   * @param polled each polled device with the bus it is on
   * @param pushed devices that send by themselves, watched for silence
   */
  public Scheduler(
      Clock clock,
      Ticker ticker,
      Map<BoundDevice, Bus> polled,
      Collection<BoundDevice> pushed,
      ReadHandler handler,
      DeviceHealth health,
      Duration offlinePollEvery) {
    this.clock = clock;
    this.ticker = ticker;
    this.handler = handler;
    this.health = health;
    this.offlinePollEvery = offlinePollEvery;
    this.pushed = List.copyOf(pushed);
    this.started = ticker.nanos();
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
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "scheduler");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::tickSafely, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tickSafely() {
    try {
      tick();
    } catch (Throwable e) { // an escaping throwable would end the schedule for good
      LOG.error("scheduler tick failed", e);
    }
  }

  /** Queues every group that is due; public for tests that drive time themselves. */
  public void tick() {
    long now = ticker.nanos();
    for (Group g : groups) {
      if (g.waiting || now - g.due < 0) {
        continue;
      }
      if (health.isOffline(g.device.id()) && !offlineTryDue(g.device.id(), now)) {
        continue;
      }
      g.due = now + g.interval;
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

  private boolean offlineTryDue(String deviceId, long now) {
    Long last = lastOfflineTry.get(deviceId);
    if (last == null || now - last >= offlinePollEvery.toNanos()) {
      lastOfflineTry.put(deviceId, now);
      return true;
    }
    return false;
  }

  private void watchPushed(long now) {
    for (BoundDevice d : pushed) {
      Duration heartbeat = heartbeat(d);
      Long last = handler.lastPushTick(d.id());
      long since = last != null ? last : started;
      if (now - since > heartbeat.multipliedBy(3).toNanos()) {
        health.quiet(d.id(), "nothing received for " + heartbeat.multipliedBy(3), clock.instant());
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
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
