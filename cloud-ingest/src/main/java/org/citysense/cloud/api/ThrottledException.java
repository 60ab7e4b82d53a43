package org.citysense.cloud.api;

import java.time.Duration;

/** 429: too many failed attempts from the caller's address; try again after {@code retryAfter}. */
final class ThrottledException extends ApiException {
  private final long retryAfterSeconds;

  ThrottledException(String message, String field, Duration retryAfter) {
    super(429, message, field);
    // whole seconds, rounded up, so that a client waiting this long is let in
    this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
