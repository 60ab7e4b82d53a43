package org.citysense.cloud.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed enrollment attempts per client address, so that codes cannot be guessed by trying: after
 * {@code maxFailures} failures within one window (which starts at an address's first failure) the
 * address is refused until that window ends. Only failures count, and only against their own
 * address: a gateway with a good code is not held up by someone else's guessing.
 */
public final class EnrollmentThrottle {
  private record Window(Instant start, int failures) {}

  /** Past this many addresses, windows that have ended are swept before a new one is added. */
  private static final int SWEEP_ABOVE = 10_000;

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  public EnrollmentThrottle(int maxFailures, Duration window, Clock clock) {
    if (maxFailures < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          "the enrollment throttle needs at least one failure and a positive window, not "
              + maxFailures
              + " in "
              + window);
    }
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  /** How long {@code address} must still wait before it may try again; empty when it may now. */
  public Optional<Duration> waitFor(String address) {
    Instant now = clock.instant();
    Window w = windows.get(address);
    if (w == null || w.failures() < maxFailures || ended(w, now)) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, w.start().plus(window)));
  }

  /** Counts a refused code from {@code address}. */
  public void failed(String address) {
    Instant now = clock.instant();
    if (windows.size() > SWEEP_ABOVE) {
      windows.values().removeIf(w -> ended(w, now));
    }
    windows.compute(
        address,
        (a, w) ->
            w == null || ended(w, now)
                ? new Window(now, 1)
                : new Window(w.start(), w.failures() + 1));
  }

  private boolean ended(Window w, Instant now) {
    return !now.isBefore(w.start().plus(window));
  }
}
