package org.citysense.agent.modbus.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits: poll a condition until it holds or a generous limit passes. */
public final class Poll {
  private static final long STEP_MS = 20;

  private Poll() {}

  /**
   * Returns once {@code condition} holds.
   *
   * @throws AssertionError naming {@code what}, and adding {@code detail}, when it does not within
   *     {@code limit}
   */
  public static void until(
      String what, Duration limit, BooleanSupplier condition, Supplier<String> detail)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + limit + ": " + what + "\n" + detail.get());
      }
      Thread.sleep(STEP_MS);
    }
  }

  public static void until(String what, Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    until(what, limit, condition, () -> "");
  }
}
