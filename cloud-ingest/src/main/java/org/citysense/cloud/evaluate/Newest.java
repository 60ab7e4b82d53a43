package org.citysense.cloud.evaluate;

import java.time.Instant;

/**
 * The newest event time seen for one subject: a reading older than it (a replayed backlog) is
 * counted but leaves the subject's state alone.
 */
final class Newest {
  private Instant at;

  Newest() {}

  /** Seen up to {@code at} already (null: nothing), as a checkpoint kept it. */
  Newest(Instant at) {
    this.at = at;
  }

  /** The newest time seen, or null. */
  Instant at() {
    return at;
  }

  /** Moves on to {@code t} and says yes, unless {@code t} is older than what was seen. */
  boolean advance(Instant t) {
    if (at != null && t.isBefore(at)) {
      return false;
    }
    at = t;
    return true;
  }
}
