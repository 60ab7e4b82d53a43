package org.citysense.cloud.pipeline;

import java.time.Duration;

/**
 * The rules' thread's waits between tries: backoff doubling from {@code base} up to {@code max},
 * cut short by a stop, and a heartbeat that shows the thread is alive while it waits.
 */
public final class Pacer {
  private final Duration base;
  private final Duration max;
  private final Object sleeper = new Object();
  private volatile boolean stopped;
  private volatile long heartbeat = System.nanoTime();

  /** Ends the wait of a stopping thread; it unwinds to the loop, which ends. */
  public static final class Stopping extends RuntimeException {
    Stopping() {
      super(null, null, false, false);
    }
  }

  Pacer(Duration base, Duration max) {
    this.base = base;
    this.max = max;
  }

  /** Waits before try {@code attempt} + 1; throws {@link Stopping} once stopped. */
  public void pause(int attempt) {
    Duration d = base.multipliedBy(1L << Math.min(attempt - 1, 20));
    long until = System.nanoTime() + (d.compareTo(max) <= 0 ? d : max).toNanos();
    synchronized (sleeper) {
      long left;
      while (!stopped && (left = until - System.nanoTime()) > 0) {
        beat();
        try {
          sleeper.wait(Math.max(1, Math.min(left / 1_000_000, 1000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Stopping();
        }
      }
    }
    if (stopped) {
      throw new Stopping();
    }
  }

  /** The thread is alive and looking. */
  public void beat() {
    heartbeat = System.nanoTime();
  }

  /** Nanoseconds since the thread last showed it was alive. */
  public long sinceBeat() {
    return System.nanoTime() - heartbeat;
  }

  public void stop() {
    stopped = true;
    synchronized (sleeper) {
      sleeper.notifyAll();
    }
  }

  public boolean stopped() {
    return stopped;
  }

  /** The 1st, 2nd, 4th, 8th… failure in a row is logged: an outage does not flood the log. */
  public static boolean worthSaying(int failures) {
    return Integer.bitCount(failures) == 1;
  }
}
