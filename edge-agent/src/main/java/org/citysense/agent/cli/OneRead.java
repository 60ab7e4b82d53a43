package org.citysense.agent.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.citysense.agent.driver.DriverFactory;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.PollingDriver;
import org.citysense.agent.driver.PushDriver;
import org.citysense.agent.driver.PushListener;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;

/**
 * One read of a device through the agent's own drivers: a single poll of the given points (no
 * retries), or, for a device that sends by itself, the next message it sends within the timeout.
 */
final class OneRead {
  private final DriverFactory drivers;

  OneRead(DriverFactory drivers) {
    this.drivers = drivers;
  }

  /**
   * What one read got.
   *
   * @param results one per point read; for a push device only the points its message carried
   * @param failure why nothing came at all (a missing port, silence), else null
   * @param waitedFor for a push device, what was waited for; else null
   */
  record Outcome(Map<Point, PointResult> results, Failure failure, String waitedFor) {}

  /** Polls {@code points} of a Modbus device once. */
  Outcome poll(ConfiguredDevice d, List<Point> points, Duration timeout) {
    Map<Point, PointResult> byPoint = new LinkedHashMap<>();
    try (PollingDriver driver =
        drivers.polling(d.device().instance().transport(), d.oneTry(timeout))) {
      for (PointResult r : driver.read(d.device().instance(), points)) {
        byPoint.put(r.point(), r);
      }
    }
    return new Outcome(byPoint, nothingCame(byPoint), null);
  }

  /** Waits at most {@code timeout} for the next message of a device that sends by itself. */
  Outcome next(ConfiguredDevice d, Duration timeout) throws Exception {
    String waitedFor = waitedFor(d);
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Map<Point, PointResult>> message = new AtomicReference<>();
    AtomicReference<Failure> failure = new AtomicReference<>();
    PushListener listener =
        new PushListener() {
          @Override
          public void received(String deviceId, List<Point> points, RawValue raw) {
            Map<Point, PointResult> got = new LinkedHashMap<>();
            points.forEach(p -> got.put(p, PointResult.ok(p, raw)));
            if (deviceId.equals(d.id()) && message.compareAndSet(null, got)) {
              done.countDown();
            }
          }

          @Override
          public void failed(String deviceId, Failure f) {
            if (deviceId.equals(d.id())) {
              failure.set(f);
              if (f.kind() == Failure.Kind.DISCONNECTED) {
                done.countDown(); // a missing port or broker will not appear while we wait
              }
            }
          }
        };
    List<PushDriver> started = new ArrayList<>();
    try {
      for (PushDriver driver :
          drivers.push(
              List.of(d.device()), d.gatewayBroker(), Clock.systemUTC(), d.oneTry(timeout))) {
        started.add(driver);
        driver.start(listener);
      }
      done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      started.forEach(PushDriver::close);
    }
    Map<Point, PointResult> got = message.get();
    if (got != null) {
      return new Outcome(got, null, waitedFor);
    }
    Failure why = failure.get();
    if (why == null || why.kind() != Failure.Kind.DISCONNECTED) {
      String last = why == null ? "" : "; last problem: " + why;
      why =
          Failure.of(
              Failure.Kind.TIMEOUT,
              "nothing received (waited "
                  + Durations.format(timeout)
                  + " for "
                  + waitedFor
                  + ")"
                  + last);
    }
    return new Outcome(Map.of(), why, waitedFor);
  }

  /** The failure shared by every point when the device gave nothing at all, else null. */
  private static Failure nothingCame(Map<Point, PointResult> results) {
    Failure first = null;
    for (PointResult r : results.values()) {
      if (r.isOk() || r.failure().deviceAnswered()) {
        return null;
      }
      if (first == null || r.failure().kind() == Failure.Kind.DISCONNECTED) {
        first = r.failure();
      }
    }
    return first;
  }

  private static String waitedFor(ConfiguredDevice d) {
    Transport t = d.device().instance().transport();
    List<Point> points = d.device().profile().points();
    if (t instanceof Transport.SerialLine) {
      return "a " + d.device().profile().frame().length() + "-byte frame";
    }
    if (t instanceof Transport.Mqtt) {
      return "a message on "
          + String.join(
              ", ",
              points.stream()
                  .map(p -> ((Source.Mqtt) p.source()).topicFor(d.id()))
                  .distinct()
                  .toList());
    }
    List<String> resources =
        points.stream()
            .map(p -> (Source.Coap) p.source())
            .map(c -> (c.observe() ? "a notification of " : "an answer from ") + c.resource())
            .distinct()
            .toList();
    return String.join(" or ", resources);
  }
}
