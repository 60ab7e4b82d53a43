package org.citysense.profiles.model;

import java.util.Arrays;
import java.util.Optional;

/** How far a reading can be trusted. Set on every reading. */
public enum Quality {
  /** Decoded, in range. */
  GOOD("good", true),
  /** Decoded, but outside the point's valid range; the value is kept. */
  OUT_OF_RANGE("out_of_range", true),
  /** The same value for too long; set by the agent's stateful stage, never by the decoder. */
  STUCK("stuck", true),
  /** The device did not answer, or answered with an error; no value. */
  COMM_ERROR("comm_error", false),
  /** An answer came but made no sense (NaN, Inf, unparseable); no value. */
  INVALID("invalid", false);

  private final String id;
  private final boolean hasValue;

  Quality(String id, boolean hasValue) {
    this.id = id;
    this.hasValue = hasValue;
  }

  public String id() {
    return id;
  }

  /** Whether a reading of this quality carries a value; it is null exactly when not. */
  public boolean hasValue() {
    return hasValue;
  }

  public static Optional<Quality> byId(String id) {
    return Arrays.stream(values()).filter(q -> q.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
