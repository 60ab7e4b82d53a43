package org.citysense.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits: poll a condition until it holds or a generous timeout passes. */
public final class Poll {
  private static final long STEP_MS = 20;

  private Poll() {}

  /**
   * Returns once {@code condition} holds.
   *
   * @throws AssertionError naming {@code what} when it does not within {@code timeout}
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(STEP_MS);
    }
  }

  /** As {@link #until(String, Duration, BooleanSupplier)}, adding {@code detail} to the failure. */
  public static void until(
      String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail)
      throws InterruptedException {
    try {
      until(what, timeout, condition);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + detail.get(), e);
    }
  }
}
