package org.citysense.agent.uplink;

import java.time.Duration;

/**
 * The cloud did not answer for a batch: unreachable, too slow, busy, or refusing the gateway's
 * token. Nothing of the batch may be dropped; it is sent again after a backoff.
 */
public class UplinkException extends Exception {
  private final Duration retryAfter;
  private final boolean needsPeople;

  /**
   * @param retryAfter what the cloud asked for (HTTP Retry-After), or null
   * @param needsPeople whether retrying alone cannot help (e.g. 401: the token was revoked), so it
   *     is logged loudly and shown in the status
   */
  public UplinkException(
      String message, Duration retryAfter, boolean needsPeople, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
    this.needsPeople = needsPeople;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  public boolean needsPeople() {
    return needsPeople;
  }
}
