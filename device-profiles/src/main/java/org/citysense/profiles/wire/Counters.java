package org.citysense.profiles.wire;

/**
 * Totals since the gateway's buffer was created. Cumulative, so a lost or replayed batch cannot
 * make the cloud count twice or miss one.
 *
 * @param evicted readings dropped from a full buffer before they could be sent
 * @param rejected readings the gateway itself refused (e.g. for a device not in its config)
 */
public record Counters(long evicted, long rejected) {
  public static final Counters ZERO = new Counters(0, 0);
}
