package org.citysense.agent.driver;

/**
 * Why a point could not be read. The agent turns it into a comm_error or invalid reading and one
 * log line naming device and point.
 *
 * @param code for {@link Kind#EXCEPTION}: the Modbus exception code, or the CoAP response code read
 *     as class × 100 + detail (4.04 → 404); else 0
 */
public record Failure(Kind kind, int code, String message) {

  public enum Kind {
    /** No answer in time. */
    TIMEOUT,
    /** The device answered with an error (a Modbus exception, a CoAP error code). */
    EXCEPTION,
    /** An answer with a bad checksum or CRC. */
    CHECKSUM,
    /** The connection or port is not there. */
    DISCONNECTED,
    /** An answer that makes no sense: truncated, wrong length, garbage JSON. */
    MALFORMED
  }

  public static Failure of(Kind kind, String message) {
    return new Failure(kind, 0, message);
  }

  /** Whether the device said something; malformed answers make the reading invalid, not missing. */
  public boolean deviceAnswered() {
    return kind == Kind.EXCEPTION || kind == Kind.MALFORMED;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase() + (code != 0 ? " " + code : "") + ": " + message;
  }
}
