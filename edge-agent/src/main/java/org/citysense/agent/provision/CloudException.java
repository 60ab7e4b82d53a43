package org.citysense.agent.provision;

/**
 * The cloud could not be reached, or it said no. The message is for the installer: it names the
 * cloud and what to do; it never holds a token.
 */
public final class CloudException extends Exception {
  /** Whether the cloud was reached at all. */
  public enum Kind {
    /** Connection refused, DNS, timeout, TLS: nothing was decided by the cloud. */
    UNREACHABLE,
    /** The cloud answered with an error. */
    REFUSED
  }

  private final Kind kind;
  private final int status;
  private final String field;
  private final String reason;

  CloudException(
      Kind kind, int status, String field, String reason, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.field = field;
    this.reason = reason;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status of a refusal; 0 when the cloud was not reached. */
  public int status() {
    return status;
  }

  /** The field the cloud blamed, or null. */
  public String field() {
    return field;
  }

  /**
   * The cloud's own words for a refusal (its {@code error}, e.g. {@code no household h-101}), or
   * why it could not be reached; {@link #getMessage()} is this with the cloud and status around it.
   */
  public String reason() {
    return reason;
  }
}
