package org.citysense.sim.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling: wait for a condition, never assert on how long it took. */
public final class Waits {
  private Waits() {}

  /** Polls {@code condition} until it holds; fails after {@code limit} with {@code detail}. */
  public static void until(
      String what, Duration limit, BooleanSupplier condition, Supplier<String> detail)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what + "\n" + detail.get());
      }
      Thread.sleep(20);
    }
  }
}
