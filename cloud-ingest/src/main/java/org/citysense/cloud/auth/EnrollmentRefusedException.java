package org.citysense.cloud.auth;

import java.time.Instant;

/** An enrollment code that cannot be exchanged; each reason has its own subclass. */
public class EnrollmentRefusedException extends RuntimeException {
  public EnrollmentRefusedException(String message) {
    super(message);
  }

  /** No such code was ever issued (or it was mistyped). */
  public static final class Unknown extends EnrollmentRefusedException {
    public Unknown() {
      super("unknown enrollment code; check it, or ask the operator for a new one");
    }
  }

  /** The code was exchanged before; a code works once. */
  public static final class Used extends EnrollmentRefusedException {
    public Used(String gatewayId) {
      super(
          "this enrollment code was used already (by gateway "
              + gatewayId
              + "); ask the operator for a new one");
    }
  }

  /** The code was not used in time. */
  public static final class Expired extends EnrollmentRefusedException {
    public Expired(Instant expiredAt) {
      super("this enrollment code expired at " + expiredAt + "; ask the operator for a new one");
    }
  }
}
