package org.citysense.agent.alarm;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.PointWriter;
import org.citysense.agent.normalize.SequenceStore;
import org.citysense.agent.sink.ReadingSink;
import org.citysense.profiles.model.AlarmLimit;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.wire.EdgeAction;
import org.citysense.profiles.wire.EdgeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarms decided on the gateway, so that a gas leak closes the valve and is reported even with the
 * cloud unreachable. Fed every reading of an alarm-class point; keeps whether each (device, point)
 * is in alarm under the instance's limit, else the profile's. Only good readings decide: a
 * comm_error, stuck or out-of-range reading neither raises nor clears.
 *
 * <p>On raising, the device's {@code onAlarm} writes are made (through the target's bus, ahead of
 * its polls, waiting at most {@link #WRITE_WAIT}), then an {@link EdgeEvent#RAISED} event carrying
 * their outcome goes to the sink with the next sequence number. On clearing (see {@link
 * AlarmState}) an {@link EdgeEvent#CLEARED} event goes, with no actions. Both happen on this
 * class's own threads, never on the bus thread that delivered the reading (writing to that bus from
 * its own thread would wait for itself); the events of one point leave in the order decided.
 */
public final class EdgeAlarms implements AutoCloseable {
  /** How long the writes of one alarm may take, all together, before they count as failed. */
  public static final Duration WRITE_WAIT = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(EdgeAlarms.class);

  private final SequenceStore sequence;
  private final ReadingSink sink;
  private final Map<String, BoundDevice> devices;
  private final ActionRunner actions;
  private final Executor executor;
  private final ExecutorService ownExecutor;
  private final Map<String, Boolean> inAlarm = new HashMap<>();
  private final Map<String, CompletableFuture<Void>> lastOfPoint = new HashMap<>();

  /**
   * Runs actions and emits events on two daemon threads of its own, closed by {@link #close()}.
   *
   * @param devices every device of the gateway: the alarming ones and the targets of their actions
   * @param busByDevice the bus of each polled device; a device without one cannot be written
   */
  public EdgeAlarms(
      SequenceStore sequence,
      ReadingSink sink,
      Collection<BoundDevice> devices,
      Map<String, ? extends PointWriter> busByDevice) {
    this(sequence, sink, devices, busByDevice, null, WRITE_WAIT);
  }

  /**
   * As above, but runs actions and emits events on {@code executor} (a test's, say), which must not
   * be a bus thread; {@code writeWait} bounds the writes of one alarm.
   */
  public EdgeAlarms(
      SequenceStore sequence,
      ReadingSink sink,
      Collection<BoundDevice> devices,
      Map<String, ? extends PointWriter> busByDevice,
      Executor executor,
      Duration writeWait) {
    this.sequence = sequence;
    this.sink = sink;
    this.devices = devices.stream().collect(Collectors.toMap(BoundDevice::id, d -> d));
    this.actions = new ActionRunner(this.devices, Map.copyOf(busByDevice), writeWait);
    this.ownExecutor = executor == null ? Executors.newFixedThreadPool(2, threads()) : null;
    this.executor = executor == null ? ownExecutor : executor;
  }

  /** Takes one normalized reading of {@code point}; other than alarm-class points are ignored. */
  public void accept(Reading reading, Point point) {
    if (!point.isAlarmClass() || reading.quality() != Quality.GOOD) {
      return;
    }
    BoundDevice device = devices.get(reading.deviceId());
    AlarmLimit limit =
        device == null
            ? point.alarm()
            : device.instance().alarmLimits().getOrDefault(point.name(), point.alarm());
    String key = reading.deviceId() + "/" + point.name();
    synchronized (inAlarm) {
      boolean was = inAlarm.getOrDefault(key, false);
      boolean now = AlarmState.next(limit, reading.value(), was);
      if (now == was) {
        return;
      }
      inAlarm.put(key, now);
      Runnable emit = now ? () -> raise(reading, limit, device) : () -> clear(reading, limit);
      // chained per point, so a clear never overtakes the raise still making its writes
      lastOfPoint.put(
          key,
          lastOfPoint
              .getOrDefault(key, CompletableFuture.completedFuture(null))
              .handleAsync((v, e) -> guarded(emit, key), executor));
    }
  }

  /** Whether {@code point} of {@code deviceId} is in alarm, as decided so far. */
  public boolean inAlarm(String deviceId, String point) {
    synchronized (inAlarm) {
      return inAlarm.getOrDefault(deviceId + "/" + point, false);
    }
  }

  private void raise(Reading r, AlarmLimit limit, BoundDevice device) {
    List<EdgeAction> done =
        device == null ? List.of() : actions.run(r.deviceId(), device.instance().onAlarm());
    sink.edge(event(r, EdgeEvent.RAISED, limit, done));
    LOG.warn(
        "edge alarm raised [device: {}, point: {}, value: {}, limit: {}, actions: {}]",
        r.deviceId(),
        r.point(),
        r.value(),
        limit,
        describe(done));
  }

  private void clear(Reading r, AlarmLimit limit) {
    sink.edge(event(r, EdgeEvent.CLEARED, limit, List.of()));
    LOG.info(
        "edge alarm cleared [device: {}, point: {}, value: {}, limit: {}, actions: none]",
        r.deviceId(),
        r.point(),
        r.value(),
        limit);
  }

  private EdgeEvent event(Reading r, String kind, AlarmLimit limit, List<EdgeAction> done) {
    return new EdgeEvent(
        sequence.next(),
        r.deviceId(),
        r.point(),
        kind,
        r.value(),
        limit.toString(),
        r.timestamp().toEpochMilli(),
        done);
  }

  private static Void guarded(Runnable emit, String key) {
    try {
      emit.run();
    } catch (RuntimeException e) {
      // the next transition of this point, and every other point's, must still go out
      LOG.error("cannot emit edge alarm [point: {}]", key, e);
    }
    return null;
  }

  private static String describe(List<EdgeAction> done) {
    if (done.isEmpty()) {
      return "none";
    }
    return done.stream()
        .map(
            a ->
                a.deviceId()
                    + "/"
                    + a.point()
                    + "="
                    + a.value()
                    + (a.ok() ? " ok" : " failed (" + a.detail() + ")"))
        .collect(Collectors.joining(", "));
  }

  private static java.util.concurrent.ThreadFactory threads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "edge-alarms-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Lets alarms already decided finish their writes and events (a few seconds at most). */
  @Override
  public void close() {
    if (ownExecutor == null) {
      return;
    }
    ownExecutor.shutdown();
    try {
      if (!ownExecutor.awaitTermination(WRITE_WAIT.toMillis() * 2, TimeUnit.MILLISECONDS)) {
        ownExecutor.shutdownNow();
      }
    } catch (InterruptedException e) {
      ownExecutor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
