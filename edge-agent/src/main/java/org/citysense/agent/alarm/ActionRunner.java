package org.citysense.agent.alarm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.PointWriter;
import org.citysense.agent.driver.WriteResult;
import org.citysense.profiles.device.AlarmAction;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.wire.EdgeAction;

/**
 * Makes an alarm's writes through the target devices' buses, ahead of their polls, and says how
 * each went. Every write is started before any is waited for, and all share one deadline. Never
 * throws: a refused, failed or unanswered write is an {@link EdgeAction} with {@code ok = false}.
 * Blocks while waiting, so it must not run on a bus thread.
 */
final class ActionRunner {
  private final Map<String, BoundDevice> devices;
  private final Map<String, ? extends PointWriter> busByDevice;
  private final Duration wait;

  ActionRunner(
      Map<String, BoundDevice> devices,
      Map<String, ? extends PointWriter> busByDevice,
      Duration wait) {
    this.devices = devices;
    this.busByDevice = busByDevice;
    this.wait = wait;
  }

  List<EdgeAction> run(String alarming, List<AlarmAction> actions) {
    List<Started> started = new ArrayList<>();
    for (AlarmAction a : actions) {
      started.add(start(a.targetOf(alarming), a));
    }
    long deadline = System.nanoTime() + wait.toNanos();
    List<EdgeAction> done = new ArrayList<>();
    for (Started s : started) {
      done.add(s.refusal != null ? s.refusal : await(s, deadline));
    }
    return done;
  }

  /** A write under way, or the reason it was never started. */
  private record Started(
      String target,
      AlarmAction action,
      CompletableFuture<WriteResult> result,
      EdgeAction refusal) {
    Started(String target, AlarmAction action, String why) {
      this(
          target, action, null, new EdgeAction(target, action.point(), action.value(), false, why));
    }
  }

  private Started start(String target, AlarmAction a) {
    BoundDevice device = devices.get(target);
    if (device == null) {
      return new Started(target, a, "no device " + target + " on this gateway");
    }
    PointWriter bus = busByDevice.get(target); // push devices (MQTT, CoAP) have none
    if (bus == null) {
      return new Started(target, a, "device " + target + " cannot be written from the gateway");
    }
    Optional<Point> point = device.profile().point(a.point());
    if (point.isEmpty() || !point.get().writable()) {
      return new Started(target, a, "device " + target + " has no writable point " + a.point());
    }
    return new Started(target, a, bus.write(device.instance(), point.get(), a.value()), null);
  }

  private EdgeAction await(Started s, long deadline) {
    String detail;
    try {
      long left = Math.max(0, deadline - System.nanoTime());
      WriteResult r = s.result.get(left, TimeUnit.NANOSECONDS);
      detail = r.ok() ? null : String.valueOf(r.failure());
    } catch (TimeoutException e) {
      detail = "not confirmed within " + wait.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      detail = "interrupted while waiting for the write";
    } catch (ExecutionException e) {
      detail = "write failed: " + e.getCause();
    }
    return new EdgeAction(s.target, s.action.point(), s.action.value(), detail == null, detail);
  }
}
